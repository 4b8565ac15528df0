using System.Text.Json;
using AngleSharp.Dom;
using Harvester.Core.Readability;

namespace Harvester.Tests.Extraction;

/// <summary>
/// Readability resolves every link with <c>new URL(href, base)</c>. <c>Specs/whatwg-url-cases.json</c> holds what a real
/// WHATWG implementation (Node's URL) gives for every kind of reference; <c>generate_whatwg_url_cases.mjs</c> wrote it.
/// </summary>
public sealed class WhatwgUrlTests
{
    private sealed record UrlCase(string Base, string Href, string? Expected);

    private static readonly List<UrlCase> Cases = JsonSerializer.Deserialize<List<UrlCase>>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", "whatwg-url-cases.json")),
        new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    public static TheoryData<int> CaseNumbers => new(Enumerable.Range(0, Cases.Count));

    [Fact]
    public void CaseFile_CoversEveryKindOfReference() => Assert.True(Cases.Count >= 150, $"only {Cases.Count} cases");

    [Theory]
    [MemberData(nameof(CaseNumbers))]
    public void Resolve_Reference_GivesWhatNodeUrlGives(int number)
    {
        var c = Cases[number];

        var resolved = UriFixer.Resolve(c.Href, new Url(c.Base));

        // Where new URL throws, Readability keeps the href as written.
        Assert.Equal(c.Expected ?? c.Href, resolved);
    }
}
