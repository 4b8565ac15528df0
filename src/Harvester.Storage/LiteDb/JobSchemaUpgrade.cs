namespace Harvester.Storage.LiteDb;

/// <summary>
/// Brings the jobs of a database written before the queue's indexed keys up to date, once: each queued job gets its
/// <see cref="JobRecord.DueKey"/>, and each failure on record a kind (<see cref="IJobQueue.OtherFailure"/> when none
/// was named). A marker records that it is done, so later opens cost one lookup.
/// </summary>
internal static class JobSchemaUpgrade
{
    private const string Marker = "schema:job-keys";

    public static void Apply(LiteDbFile database)
    {
        if (database.Read(() => database.ById(database.Markers, Marker)) is not null) return;
        database.InTransaction(() =>
        {
            foreach (var job in database.Jobs.FindAll().ToList())
            {
                var key = job.DueKey;
                var kind = job.LastErrorKind;
                job.RefreshDueKey();
                if (job.LastError is not null) job.LastErrorKind ??= IJobQueue.OtherFailure;
                if (job.DueKey != key || job.LastErrorKind != kind) database.Jobs.Update(job);
            }
            database.Markers.Insert(new MarkerRecord { Name = Marker, At = DateTime.UtcNow });
            return 0;
        });
    }
}
