namespace Harvester.Storage;

/// <summary>
/// What <c>--db</c> names: a LiteDB file path (the default), or a PostgreSQL database as a <c>postgresql://</c> URI
/// or an Npgsql connection string (<c>Host=...;Database=...</c>).
/// </summary>
public static class StoreAddress
{
    public static bool IsPostgres(string value)
    {
        var trimmed = value.TrimStart();
        if (trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)) return true;
        // A connection string: key=value pairs separated by ';', one of them naming the host.
        return trimmed.Contains('=') && trimmed.Split(';').Any(part =>
            part.Split('=', 2) is [var key, _] && key.Trim() is var k &&
            (k.Equals("Host", StringComparison.OrdinalIgnoreCase) || k.Equals("Server", StringComparison.OrdinalIgnoreCase)));
    }
}
