using Npgsql;

namespace Harvester.Storage.Postgres;

/// <summary>Turns what <c>--db</c> says (a <c>postgresql://</c> URI or a connection string) into a connection string, and a safe name for messages.</summary>
public static class PostgresAddress
{
    /// <exception cref="StorageException">The address cannot be understood.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string address)
    {
        var trimmed = address.Trim();
        try
        {
            return Builder(trimmed);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            throw new StorageException($"{Describe(trimmed)}: not a PostgreSQL address ({e.Message}); expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE");
        }
    }

    /// <summary>A URI or a connection string, as written.</summary>
    private static NpgsqlConnectionStringBuilder Builder(string address) =>
        address.Contains("://", StringComparison.Ordinal) ? FromUri(address) : new NpgsqlConnectionStringBuilder(address);

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        var uri = new Uri(text);
        if (uri.Scheme is not ("postgresql" or "postgres")) throw new UriFormatException($"the scheme is {uri.Scheme}");
        var builder = new NpgsqlConnectionStringBuilder();
        if (!string.IsNullOrEmpty(uri.Host)) builder.Host = Uri.UnescapeDataString(uri.Host);
        if (uri.Port > 0) builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            builder[key switch
            {
                "sslmode" => "SSL Mode",
                "connect_timeout" => "Timeout",
                "application_name" => "Application Name",
                _ => key,
            }] = value;
        }
        return builder;
    }

    /// <summary>The address without its password: what messages and <c>status</c> show.</summary>
    public static string Describe(string address)
    {
        try
        {
            return Describe(Builder(address.Trim()));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            return "the PostgreSQL address given";
        }
    }

    public static string Describe(NpgsqlConnectionStringBuilder b)
    {
        var user = string.IsNullOrEmpty(b.Username) ? string.Empty : Uri.EscapeDataString(b.Username) + "@";
        var host = b.Host ?? "localhost";
        var hostPart = host.StartsWith('/') ? "[" + host + "]" : host;
        return $"postgresql://{user}{hostPart}:{b.Port}/{b.Database}";
    }
}
