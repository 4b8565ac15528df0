namespace Harvester.Storage;

/// <summary>
/// Rate groups' archive budgets kept in a shared store: per group and endpoint the next free request slot, claimed
/// atomically, and a pause. Times are the store's own clock, so machines whose clocks differ still pace together.
/// </summary>
public interface IRateBudgetStore
{
    /// <summary>Takes the next slot (at least <paramref name="interval"/> after the previous one, and after any pause); returns how long until it.</summary>
    TimeSpan Claim(string group, string endpoint, TimeSpan interval);

    /// <summary>Pauses the group's endpoint for <paramref name="wait"/> from now (a longer pause already set stays).</summary>
    void Pause(string group, string endpoint, TimeSpan wait);

    /// <summary>How long the group's endpoint is still paused.</summary>
    TimeSpan PausedFor(string group, string endpoint);
}
