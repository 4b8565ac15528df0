using static Harvester.Storage.Postgres.PostgresRows;

namespace Harvester.Storage.Postgres;

/// <summary>One row per rate group and endpoint: a slot is one atomic UPDATE on the server's clock.</summary>
public sealed class PostgresRateBudgetStore(PostgresDatabase database) : IRateBudgetStore
{
    public TimeSpan TryClaim(string group, string endpoint, TimeSpan interval) => database.Run(c =>
    {
        Execute(c, null, "INSERT INTO rate_slots (rate_group, endpoint, next_free) VALUES ($1, $2, '-infinity') ON CONFLICT DO NOTHING", group, endpoint);
        // Granted (NULL): the slot was free and the endpoint not paused; the next one is an interval from now. Not granted:
        // how long until the later of the next slot and the pause's end. The SELECT reads the row as the statement's
        // snapshot saw it, which is older than what the UPDATE waited for when another process took the slot meanwhile
        // (a fresh row's '-infinity', say): the wait is then taken as none, never as a difference of infinities, and the
        // caller tries again in a moment.
        var wait = Scalar(c, null, """
            WITH now AS (SELECT clock_timestamp() AS t),
            taken AS (
                UPDATE rate_slots SET next_free = (SELECT t FROM now) + $3
                WHERE rate_group = $1 AND endpoint = $2
                  AND next_free <= (SELECT t FROM now) AND coalesce(paused_until, '-infinity') <= (SELECT t FROM now)
                RETURNING 1)
            SELECT CASE WHEN EXISTS (SELECT 1 FROM taken) THEN NULL
                        ELSE coalesce((SELECT extract(epoch FROM greatest(next_free, paused_until, (SELECT t FROM now)) - (SELECT t FROM now))::float8
                                       FROM rate_slots WHERE rate_group = $1 AND endpoint = $2), 0) END
            """, group, endpoint, interval);
        if (wait is null) return TimeSpan.Zero;
        double seconds = Convert.ToDouble(wait, System.Globalization.CultureInfo.InvariantCulture);
        // Lost a race for a slot that looked free: try again in a moment.
        return TimeSpan.FromSeconds(Math.Max(seconds, 0.001));
    });

    public void Pause(string group, string endpoint, TimeSpan wait) => database.Run(c => Execute(c, null, """
        INSERT INTO rate_slots (rate_group, endpoint, next_free, paused_until) VALUES ($1, $2, '-infinity', clock_timestamp() + $3)
        ON CONFLICT (rate_group, endpoint) DO UPDATE SET paused_until = greatest(coalesce(rate_slots.paused_until, clock_timestamp()), clock_timestamp() + $3)
        """, group, endpoint, wait));
}
