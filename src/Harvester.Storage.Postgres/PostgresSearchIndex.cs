namespace Harvester.Storage.Postgres;

/// <summary>PostgreSQL keeps the trigram index behind search itself, in every write's transaction: nothing to catch up.</summary>
public sealed class PostgresSearchIndex : ISearchIndex
{
    public int Pending => 0;

    public int CatchUp(int batchSize = 2000, IProgress<int>? progress = null, CancellationToken cancellationToken = default, int maxBatches = 0) => 0;

    public void Reset()
    {
    }
}
