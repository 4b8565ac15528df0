namespace Harvester.Storage;

/// <summary>Named points in time kept in the store, so a restarted worker knows what it already did.</summary>
public interface IMarkerStore
{
    DateTime? Get(string name);

    void Set(string name, DateTime at);
}
