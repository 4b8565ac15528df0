using Harvester.Archive.Wayback;
using Harvester.Storage;

namespace Harvester.Crawl;

/// <summary>A rate group's archive budget kept in the shared store: what the archive client paces against across workers.</summary>
public sealed class StoreRateBudget(IRateBudgetStore store, string group) : ISharedRateBudget
{
    public string Group { get; } = group;

    public ValueTask<TimeSpan> TryClaimAsync(string endpoint, TimeSpan interval, CancellationToken cancellationToken) =>
        ValueTask.FromResult(store.TryClaim(Group, endpoint, interval));

    public ValueTask PauseAsync(string endpoint, TimeSpan wait, CancellationToken cancellationToken)
    {
        store.Pause(Group, endpoint, wait);
        return ValueTask.CompletedTask;
    }
}
