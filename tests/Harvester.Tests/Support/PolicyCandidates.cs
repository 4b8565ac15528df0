using Harvester.Storage;

namespace Harvester.Tests.Support;

/// <summary>A found policy as the crawl hands it to the store, for tests of the stores and of what feeds them.</summary>
internal static class PolicyCandidates
{
    public static VersionRecord Candidate(string body, long simHash = 0, string timestamp = "20200101000000") => new()
    {
        PolicyUrl = "http://a.example/privacy", PolicyTimestamp = timestamp, SnapshotUrl = $"https://web.archive.org/web/{timestamp}/http://a.example/privacy",
        HomeTimestamp = timestamp, Title = "Privacy", Markdown = $"> provenance {timestamp} privacy\n\n{body}\n", TextHash = Harvester.Core.Versioning.PolicyText.Hash($"x\n\n{body}\n"),
        SimHash = simHash, ExtractorVersion = "test", PayloadSha256 = new string('a', 64), Charset = "utf-8",
    };
}
