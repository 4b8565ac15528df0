using System.Diagnostics;
using Harvester.Storage;
using Harvester.Storage.LiteDb.Search;

namespace Harvester.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Harvester.Benchmarks -- store-queries DB [SITE]</c>: opens a crawled
/// database the way one command does and times the queries analysts run (median of 20 after a warm-up), each
/// including its own work on a freshly opened database.
/// </summary>
internal static class StoreQueryTimings
{
    public static int Run(string path, string site)
    {
        using (var database = LiteDbFile.Open(path))
        {
            var index = new LiteDbSearchIndex(database);
            var clock = Stopwatch.StartNew();
            int indexed = index.CatchUp();
            Console.WriteLine($"search index: caught up {indexed} versions in {clock.Elapsed.TotalMilliseconds:0} ms");
        }
        Time("open database");
        Time($"versions {site}", versions => versions.ForSite(site).Count);
        Time($"show {site} latest", versions => versions.ForSite(site)[^1].Markdown.Length);
        Time($"search --site {site} \"privacy\"", versions => versions.Search("privacy", site).Versions.Count);
        foreach (var phrase in new[] { site, "privacy policy", "archived on 2013-04", "no such phrase anywhere" })
        {
            Time($"search \"{phrase}\" (limit 100)", versions => versions.Search(phrase, limit: 100).Versions.Count);
        }
        Time("search \"privacy\" --limit 0 (every version)", versions => versions.Search("privacy").Versions.Count);
        return 0;

        void Time(string what, Func<LiteDbVersionStore, int>? query = null)
        {
            var samples = new List<double>();
            int count = 0;
            for (int i = 0; i < 21; i++)
            {
                var clock = Stopwatch.StartNew();
                using var database = LiteDbFile.Open(path);
                count = query?.Invoke(new LiteDbVersionStore(database, TimeProvider.System)) ?? 0;
                if (i > 0) samples.Add(clock.Elapsed.TotalMilliseconds);
            }
            samples.Sort();
            Console.WriteLine($"{what,-50} {samples[samples.Count / 2],8:0.0} ms  ({count} results)");
        }
    }
}
