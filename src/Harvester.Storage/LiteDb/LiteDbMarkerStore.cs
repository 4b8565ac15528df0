namespace Harvester.Storage.LiteDb;

/// <summary>Named points in time kept in the database, so a restarted worker knows what it already did.</summary>
public sealed class LiteDbMarkerStore(LiteDbFile database) : IMarkerStore
{
    public DateTime? Get(string name) => database.Read(() => database.ById(database.Markers, name)?.At);

    public void Set(string name, DateTime at) => database.Write(() => database.Markers.Upsert(new MarkerRecord { Name = name, At = at }));
}
