using static Harvester.Storage.Postgres.PostgresRows;

namespace Harvester.Storage.Postgres;

public sealed class PostgresWorkerRegistry(PostgresDatabase database) : IWorkerRegistry
{
    public void Beat(WorkerRecord w) => database.InBatch(
        ("""
        INSERT INTO workers (id, host, process_id, rate_group, state, in_flight, started_at, updated_at, details)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (id) DO UPDATE SET state = $5, in_flight = $6, updated_at = $8, details = $9, rate_group = $4
        """, [w.Id, w.Host, w.ProcessId, w.RateGroup, w.State, w.InFlight, Utc(w.StartedAt), Utc(w.UpdatedAt), w.Details]),
        ("DELETE FROM workers WHERE updated_at < $1", [Utc(w.UpdatedAt - IWorkerRegistry.ForgottenAfter)]));

    public IReadOnlyList<WorkerRecord> Since(DateTime since) => database.Run(c => Query(c, null, """
        SELECT id, host, process_id, rate_group, state, in_flight, started_at, updated_at, details FROM workers
        WHERE updated_at >= $1 ORDER BY host COLLATE "C", process_id
        """, r => new WorkerRecord
        {
            Id = r.GetString(0), Host = r.GetString(1), ProcessId = r.GetInt32(2), RateGroup = r.GetString(3), State = r.GetString(4),
            InFlight = r.GetInt32(5), StartedAt = r.GetDateTime(6), UpdatedAt = r.GetDateTime(7), Details = r.GetString(8),
        }, Utc(since)));
}
