using Harvester.Core.Text;

namespace Harvester.Tests.Extraction;

/// <summary>The two white space sets the extractor relies on, checked for every UTF-16 code unit.</summary>
public sealed class WhiteSpaceTests
{
    [Fact]
    public void JavaScript_IsExactlyTheSetOfRegExpBackslashS()
    {
        // ECMAScript's WhiteSpace and LineTerminator: what /\s/ and String.prototype.trim match.
        var expected = new HashSet<char>("\t\n\v\f\r \u00A0\u1680\u2028\u2029\u202F\u205F\u3000\uFEFF");
        for (char c = '\u2000'; c <= '\u200A'; c++) expected.Add(c);
        var wrong = Enumerable.Range(0, 65536).Select(i => (char)i).Where(c => JsText.IsWhiteSpace(c) != expected.Contains(c)).Select(c => $"U+{(int)c:X4}").ToList();
        Assert.Empty(wrong);
    }

    [Fact]
    public void Python_IsExactlyTheSetOfStrIsspace()
    {
        // Python 3's str.isspace() (and the argument-less str.strip()): the Unicode White_Space property plus U+001C-U+001F.
        var expected = new HashSet<char>("\t\n\v\f\r\u001C\u001D\u001E\u001F \u0085\u00A0\u1680\u2028\u2029\u202F\u205F\u3000");
        for (char c = '\u2000'; c <= '\u200A'; c++) expected.Add(c);
        var wrong = Enumerable.Range(0, 65536).Select(i => (char)i).Where(c => PyText.IsWhiteSpace(c) != expected.Contains(c)).Select(c => $"U+{(int)c:X4}").ToList();
        Assert.Empty(wrong);
    }
}
