namespace Harvester.Storage.LiteDb;

public sealed class LiteDbWorkerRegistry(LiteDbFile database) : IWorkerRegistry
{
    public void Beat(WorkerRecord worker) => database.Write(() =>
    {
        database.Workers.Upsert(worker);
        var forgotten = worker.UpdatedAt - IWorkerRegistry.ForgottenAfter;
        database.Workers.DeleteMany(w => w.UpdatedAt < forgotten);
    });

    public IReadOnlyList<WorkerRecord> Since(DateTime since) =>
        database.Read(() => database.Workers.Find(w => w.UpdatedAt >= since).OrderBy(w => w.Host, StringComparer.Ordinal).ThenBy(w => w.ProcessId).ToList());
}
