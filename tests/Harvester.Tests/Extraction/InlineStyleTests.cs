using Harvester.Core.Readability;

namespace Harvester.Tests.Extraction;

/// <summary>Hidden or not, as jsdom's CSSOM (the reference chain's) reads <c>style.display</c>.</summary>
public sealed class InlineStyleTests
{
    [Theory]
    [InlineData("display:none", true)]
    [InlineData("display: NONE", true)]
    [InlineData("display:none !important", true)]
    [InlineData("display : none", true)]
    [InlineData("DISPLAY: none", false)]
    [InlineData("display: none; display: block", false)]
    [InlineData("display: block; display: none", true)]
    [InlineData("display:none;display:bogus", true)]
    [InlineData("display: bogus", false)]
    [InlineData("visibility: hidden", false)]
    [InlineData("", false)]
    public void IsDisplayNone_StyleAttribute_MatchesJsdom(string style, bool hidden) => Assert.Equal(hidden, InlineStyle.IsDisplayNone(style));
}
