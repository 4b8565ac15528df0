using Harvester.Core.Extraction;
using Harvester.Tests.Support;

namespace Harvester.Tests.Extraction;

/// <summary>
/// Fidelity on the dataset's dev pairs (<c>../shared/corpus/dev</c>); skipped when the shared folder is absent.
/// Floors sit at what the extractor reaches: raise them as it improves, never lower them.
/// </summary>
public sealed class DevCorpusTests
{
    private const double ExactShareFloor = 1.0;
    private const double LineF1MeanFloor = 0.999;

    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string>();
        if (RepositoryPaths.DevCorpus is { } dir)
        {
            foreach (var html in Directory.EnumerateFiles(dir, "*.html").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(html));
        }
        return data;
    }

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Pages))]
    public void ExtractDatasetPage_DevPage_IsByteIdenticalToDatasetMarkdown(string page)
    {
        var dir = RepositoryPaths.DevCorpus!;
        var expected = File.ReadAllText(Path.Combine(dir, Path.ChangeExtension(page, ".md")));

        var result = new PolicyExtractor().ExtractDatasetPage(File.ReadAllBytes(Path.Combine(dir, page)));

        Assert.Equal(expected, result.Markdown);
    }

    [Fact]
    public void ExtractDatasetPage_WholeDevCorpus_MeetsFidelityFloors()
    {
        Assert.SkipUnless(RepositoryPaths.DevCorpus is not null, "../shared/corpus/dev is not present");
        var dir = RepositoryPaths.DevCorpus!;
        var extractor = new PolicyExtractor();
        int total = 0, exact = 0, header = 0, title = 0;
        double lineF1Sum = 0;
        foreach (var html in Directory.EnumerateFiles(dir, "*.html"))
        {
            var expected = File.ReadAllText(Path.ChangeExtension(html, ".md"));
            var actual = extractor.ExtractDatasetPage(File.ReadAllBytes(html)).Markdown;
            total++;
            if (actual == expected) exact++;
            if (MarkdownScore.FirstLine(expected, "> *") == MarkdownScore.FirstLine(actual, "> *")) header++;
            if (MarkdownScore.FirstLine(expected, "# ") == MarkdownScore.FirstLine(actual, "# ")) title++;
            lineF1Sum += MarkdownScore.LineF1(expected, actual);
        }

        Assert.True(total >= 30, $"expected the 34 dev pages, found {total}");
        Assert.True(exact >= ExactShareFloor * total, $"exact {exact}/{total}");
        Assert.True(lineF1Sum / total >= LineF1MeanFloor, $"line F1 mean {lineF1Sum / total:0.000}");
        Assert.Equal(total, header);
        Assert.Equal(total, title);
    }

    [Fact]
    public void ExtractDatasetPage_OriginalLinks_PointAtTheOriginalSite()
    {
        Assert.SkipUnless(RepositoryPaths.DevCorpus is not null, "../shared/corpus/dev is not present");
        var bytes = File.ReadAllBytes(Path.Combine(RepositoryPaths.DevCorpus!, "mit.edu.html"));

        var dataset = new PolicyExtractor().ExtractDatasetPage(bytes).Markdown;
        var original = new PolicyExtractor(new ExtractionOptions { Links = LinkBase.Original }).ExtractDatasetPage(bytes).Markdown;

        Assert.Contains("[Education](https://web.archive.org/education)", dataset);
        Assert.Contains("[Education](http://www.mit.edu/education)", original);
        Assert.DoesNotContain("https://web.archive.org/education", original);
        // The header still names the snapshot.
        Assert.Equal(dataset.Split('\n')[0], original.Split('\n')[0]);
    }
}
