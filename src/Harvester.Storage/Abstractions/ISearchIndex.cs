namespace Harvester.Storage;

/// <summary>
/// Upkeep of the index behind <see cref="IVersionStore.Search"/>. The LiteDB store keeps a word index beside the
/// versions and catches it up in batches; PostgreSQL keeps its trigram index itself, so there it has nothing to do.
/// </summary>
public interface ISearchIndex
{
    /// <summary>How many stored versions the index does not cover yet.</summary>
    int Pending { get; }

    /// <summary>Indexes the versions stored since the last call; returns how many.</summary>
    /// <param name="maxBatches">Stop after this many batches (0: until caught up).</param>
    int CatchUp(int batchSize = 2000, IProgress<int>? progress = null, CancellationToken cancellationToken = default, int maxBatches = 0);

    /// <summary>Forgets the index (after stored Markdown was rewritten); the next <see cref="CatchUp"/> rebuilds it.</summary>
    void Reset();
}
