using System.Text.RegularExpressions;

namespace Harvester.Storage;

/// <summary>
/// What <c>--db</c> names: a LiteDB file path (the default), or a PostgreSQL database as a <c>postgresql://</c> URI,
/// libpq's <c>key=value</c> words (<c>host=/run/postgresql dbname=harvester</c>) or an Npgsql connection string
/// (<c>Host=...;Database=...</c>).
/// </summary>
public static partial class StoreAddress
{
    public static bool IsPostgres(string value)
    {
        var trimmed = value.TrimStart();
        if (trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)) return true;
        // A connection string (key=value pairs separated by ';') or libpq's words (separated by spaces), one of them
        // naming where or which database: a file name with '=' in it names no such thing.
        return ConnectionKey().IsMatch(trimmed);
    }

    [GeneratedRegex(@"(?:^|[;\s])\s*(?:host|server|hostaddr|port|database|dbname|user|username|user\s?id|password|sslmode|ssl\s?mode)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionKey();
}
