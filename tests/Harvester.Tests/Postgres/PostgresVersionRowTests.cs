using Harvester.Storage;
using Harvester.Storage.Postgres;
using Harvester.Tests.Support;
using static Harvester.Tests.Support.PolicyCandidates;

namespace Harvester.Tests.Postgres;

/// <summary>How the PostgreSQL store keeps a version's row, where that decides what a crawl costs the server.</summary>
public sealed class PostgresVersionRowTests
{
    [Fact]
    public void ExtendingAVersion_RewritesItsRowInPlace_WithoutTouchingAnIndex()
    {
        var address = PostgresServer.Instance.CreateDatabase();
        var database = PostgresServer.DatabaseName(address);
        using (var store = PostgresStore.Open(address, TimeProvider.System))
        {
            // Enough versions to fill the table's first page were every page filled to the brim.
            for (int i = 0; i < 60; i++) store.Versions.RecordFound($"s{i:00}.example", "2010-A", Candidate($"Policy number {i}."), 1);
            // Eight extensions (a row of about 430 bytes each) fit in the half page left free without pruning the row's dead
            // versions, which a busy server may not do yet (a backend still connecting holds the horizon back).
            foreach (var year in Enumerable.Range(2010, 8)) store.Versions.RecordFound("s00.example", $"{year}-B", Candidate("Policy number 0."), 1);
            Assert.Equal(9, store.Versions.Find("s00.example", 1)!.Intervals.Count);
        }

        // A heap-only update leaves the row on its page and adds no index entry (the trigram index's entries are the
        // Markdown's, so a version extended 8 times would otherwise be indexed 9 times); a full page moves the row.
        var page = PostgresServer.Instance.Scalar(database, "SELECT (ctid::text::point)[0]::int FROM versions WHERE site = 's00.example'");
        Assert.Equal(0, page);
    }
}
