using Harvester.Core.Extraction;
using Harvester.Tests.Support;

namespace Harvester.Tests.Extraction;

/// <summary>
/// The hand-made pages in <c>fixtures/pages</c> against <c>Expected/pages</c>, which the reference chain
/// (Readability.js 0.3.0 + html2text 2020.1.16, <c>../shared/tools/peer_ref.mjs</c>) wrote. Runs without <c>../shared</c>.
/// </summary>
public sealed class FixturePagesTests
{
    public static TheoryData<string> Sites() =>
        new(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Fixtures, "pages"), "*.html").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Sites))]
    public void ExtractDatasetPage_FixturePage_MatchesReferenceChain(string site)
    {
        var html = File.ReadAllBytes(Path.Combine(RepositoryPaths.Fixtures, "pages", site + ".html"));
        var expected = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Harvester.Tests", "Expected", "pages", site + ".md"));

        Assert.Equal(expected, new PolicyExtractor().ExtractDatasetPage(html).Markdown);
    }
}
