namespace Harvester.Archive.Wayback;

/// <summary>
/// An archive budget shared with other processes that leave through the same address (a rate group): each request
/// takes the group's next free slot for its endpoint, and a pause one of them was told to make holds for all.
/// </summary>
public interface ISharedRateBudget
{
    /// <summary>
    /// Claims the group's next slot for <paramref name="endpoint"/>, slots <paramref name="interval"/> apart and after
    /// any pause; returns how long from now until the slot.
    /// </summary>
    ValueTask<TimeSpan> ClaimAsync(string endpoint, TimeSpan interval, CancellationToken cancellationToken);

    /// <summary>Pauses the group's <paramref name="endpoint"/> for <paramref name="wait"/> (a 429 or 503 with Retry-After).</summary>
    ValueTask PauseAsync(string endpoint, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>How long the group's <paramref name="endpoint"/> is still paused (zero when it is not).</summary>
    ValueTask<TimeSpan> PausedForAsync(string endpoint, CancellationToken cancellationToken);
}
