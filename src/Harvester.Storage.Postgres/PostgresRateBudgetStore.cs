using static Harvester.Storage.Postgres.PostgresRows;

namespace Harvester.Storage.Postgres;

/// <summary>One row per rate group and endpoint: claiming a slot is one atomic UPDATE on the server's clock.</summary>
public sealed class PostgresRateBudgetStore(PostgresDatabase database) : IRateBudgetStore
{
    public TimeSpan Claim(string group, string endpoint, TimeSpan interval) => database.Run(c =>
    {
        Execute(c, null, "INSERT INTO rate_slots (rate_group, endpoint, next_free) VALUES ($1, $2, clock_timestamp()) ON CONFLICT DO NOTHING", group, endpoint);
        // The slot is the later of the next free one, now, and the end of a pause; the next free one moves one interval on.
        var wait = Scalar(c, null, """
            WITH now AS (SELECT clock_timestamp() AS t)
            UPDATE rate_slots SET next_free = greatest(next_free, (SELECT t FROM now), coalesce(paused_until, (SELECT t FROM now))) + $3
            WHERE rate_group = $1 AND endpoint = $2
            RETURNING extract(epoch FROM (next_free - $3) - (SELECT t FROM now))::float8
            """, group, endpoint, interval);
        return TimeSpan.FromSeconds(Math.Max(0, Convert.ToDouble(wait, System.Globalization.CultureInfo.InvariantCulture)));
    });

    public void Pause(string group, string endpoint, TimeSpan wait) => database.Run(c => Execute(c, null, """
        INSERT INTO rate_slots (rate_group, endpoint, next_free, paused_until) VALUES ($1, $2, clock_timestamp(), clock_timestamp() + $3)
        ON CONFLICT (rate_group, endpoint) DO UPDATE SET paused_until = greatest(coalesce(rate_slots.paused_until, clock_timestamp()), clock_timestamp() + $3)
        """, group, endpoint, wait));

    public TimeSpan PausedFor(string group, string endpoint) => database.Run(c =>
        Scalar(c, null, "SELECT extract(epoch FROM paused_until - clock_timestamp())::float8 FROM rate_slots WHERE rate_group = $1 AND endpoint = $2",
            group, endpoint) is double seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero);
}
