using AngleSharp.Html.Parser;
using Harvester.Core.Html2Text;

namespace Harvester.Tests.Html2Text;

/// <summary>Every example of <c>Specs/Html2TextSpecs.md</c> (expected output written by the real html2text 2020.1.16 with no base URL, as the dataset's chain called it).</summary>
public sealed class Html2TextSpecTests
{
    private static readonly Dictionary<string, SpecExample> Examples =
        SpecFile.Read(Path.Combine(AppContext.BaseDirectory, "Specs", "Html2TextSpecs.md")).ToDictionary(e => e.Name);

    public static TheoryData<string> ExampleNames => new(Examples.Keys);

    [Fact]
    public void SpecFile_HasAtLeastEightyExamples() => Assert.True(Examples.Count >= 80, $"only {Examples.Count} examples");

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Convert_SpecExample_WritesWhatHtml2TextWrites(string name)
    {
        var example = Examples[name];
        var document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(example.Html);

        var markdown = Html2TextConverter.Convert(document.Body!, new Html2TextOptions());

        Assert.Equal(Visible(example.Markdown), Visible(markdown));
    }

    /// <summary>Shows trailing spaces and tabs so that a failing comparison says where they differ.</summary>
    private static string Visible(string s) => s.Replace(" \n", "·\n", StringComparison.Ordinal).Replace("\t", "→", StringComparison.Ordinal);
}
