namespace Harvester.Archive.Wayback;

/// <summary>
/// An archive budget shared with other processes that leave through the same address (a rate group): a request may go
/// only when it takes the group's slot for its endpoint at the moment of sending, at least one interval after the
/// group's previous request, and not while a pause one of them was told to make holds.
/// </summary>
public interface ISharedRateBudget
{
    /// <summary>
    /// Takes the group's slot for <paramref name="endpoint"/> now if it is free (zero: send at once), or says how long
    /// until it may be (try again then).
    /// </summary>
    ValueTask<TimeSpan> TryClaimAsync(string endpoint, TimeSpan interval, CancellationToken cancellationToken);

    /// <summary>Pauses the group's <paramref name="endpoint"/> for <paramref name="wait"/> (a 429 or 503 with Retry-After).</summary>
    ValueTask PauseAsync(string endpoint, TimeSpan wait, CancellationToken cancellationToken);
}
