namespace Harvester.Storage;

/// <summary>
/// Rate groups' archive budgets kept in a shared store: per group and endpoint when the next request may go, and a
/// pause. A slot is taken at the moment of sending, not reserved ahead, so a request delayed on its way (a busy
/// machine) cannot end up closer than one interval to the next. Times are the store's own clock, so machines whose
/// clocks differ still pace together.
/// </summary>
public interface IRateBudgetStore
{
    /// <summary>
    /// Takes the slot if it is free now (and the endpoint not paused), moving the next one <paramref name="interval"/>
    /// on; returns zero then, or else how long until the slot may be free.
    /// </summary>
    TimeSpan TryClaim(string group, string endpoint, TimeSpan interval);

    /// <summary>Pauses the group's endpoint for <paramref name="wait"/> from now (a longer pause already set stays).</summary>
    void Pause(string group, string endpoint, TimeSpan wait);
}
