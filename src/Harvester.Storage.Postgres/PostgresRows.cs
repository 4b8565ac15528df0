using Npgsql;

namespace Harvester.Storage.Postgres;

/// <summary>Reading rows into records, and the column lists the queries select, in one place.</summary>
internal static class PostgresRows
{
    public static List<T> Query<T>(NpgsqlConnection c, NpgsqlTransaction? t, string sql, Func<NpgsqlDataReader, T> read, params object?[] parameters)
    {
        using var command = PostgresDatabase.Command(c, t, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    public static int Execute(NpgsqlConnection c, NpgsqlTransaction? t, string sql, params object?[] parameters)
    {
        using var command = PostgresDatabase.Command(c, t, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(NpgsqlConnection c, NpgsqlTransaction? t, string sql, params object?[] parameters)
    {
        using var command = PostgresDatabase.Command(c, t, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// Statements sent together, in one round trip, and run in order (each sees what the ones before it did, as if sent
    /// one by one).
    /// </summary>
    public static NpgsqlBatch Batch(NpgsqlConnection c, NpgsqlTransaction? t, params (string Sql, object?[] Parameters)[] statements)
    {
        var batch = new NpgsqlBatch(c, t);
        foreach (var (sql, parameters) in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    public static string? NullableString(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    public static int? NullableInt(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
    public static DateTime? NullableTime(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDateTime(i);

    public const string SiteColumns = "domain, from_year, to_year, state, added_at, updated_at, requests";

    public static SiteRecord Site(NpgsqlDataReader r) => new()
    {
        Domain = r.GetString(0), FromYear = r.GetInt32(1), ToYear = r.GetInt32(2), State = r.GetString(3),
        AddedAt = r.GetDateTime(4), UpdatedAt = r.GetDateTime(5), Requests = r.GetInt64(6),
    };

    public const string IntervalColumns = "site, interval, outcome, detail, home_timestamp, policy_url, policy_timestamp, version, requests, recorded_at";

    public static IntervalRecord Interval(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0) + "/" + r.GetString(1), Site = r.GetString(0), Interval = r.GetString(1), Outcome = r.GetString(2),
        Detail = r.NullableString(3), HomeTimestamp = r.NullableString(4), PolicyUrl = r.NullableString(5),
        PolicyTimestamp = r.NullableString(6), Version = r.NullableInt(7), Requests = r.GetInt32(8), RecordedAt = r.GetDateTime(9),
    };

    public const string VersionColumns =
        "id, site, number, policy_url, policy_timestamp, snapshot_url, home_timestamp, title, markdown, text_hash, sim_hash, " +
        "near_duplicate_of, extractor_version, payload_sha256, charset, first_interval, last_interval, intervals, created_at";

    public static VersionRecord Version(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt32(0), Site = r.GetString(1), Number = r.GetInt32(2), PolicyUrl = r.GetString(3), PolicyTimestamp = r.GetString(4),
        SnapshotUrl = r.GetString(5), HomeTimestamp = r.GetString(6), Title = r.GetString(7), Markdown = r.GetString(8),
        TextHash = r.GetString(9), SimHash = r.GetInt64(10), NearDuplicateOf = r.NullableInt(11), ExtractorVersion = r.GetString(12),
        PayloadSha256 = r.GetString(13), Charset = r.NullableString(14), FirstInterval = r.GetString(15), LastInterval = r.GetString(16),
        Intervals = [.. r.GetFieldValue<string[]>(17)], CreatedAt = r.GetDateTime(18),
    };

    public const string JobColumns =
        "id, site, state, attempts, next_attempt_at, lease_expires_at, lease_owner, last_error, last_error_kind, created_at, updated_at";

    public static JobRecord Job(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt32(0), Site = r.GetString(1), State = r.GetString(2), Attempts = r.GetInt32(3), NextAttemptAt = r.GetDateTime(4),
        LeaseExpiresAt = r.NullableTime(5), LeaseOwner = r.NullableString(6), LastError = r.NullableString(7),
        LastErrorKind = r.NullableString(8), CreatedAt = r.GetDateTime(9), UpdatedAt = r.GetDateTime(10),
    };

    /// <summary>PostgreSQL keeps microseconds: times are cut to them before they are written, so what is read back is equal.</summary>
    public static DateTime Utc(DateTime t)
    {
        var utc = t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t;
        return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
    }

    public static object UtcOrNull(DateTime? t) => t is { } value ? Utc(value) : DBNull.Value;
}
