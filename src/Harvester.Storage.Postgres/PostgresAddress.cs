using System.Text;
using Npgsql;

namespace Harvester.Storage.Postgres;

/// <summary>
/// Turns what <c>--db</c> says into a connection string, and a safe name for messages. Three forms, as PostgreSQL's
/// own tools read them: a <c>postgresql://</c> URI (libpq's: several hosts, a Unix socket directory percent-encoded or
/// as <c>?host=</c>, libpq's parameter names), libpq's <c>key=value</c> words (<c>host=/run/postgresql dbname=h</c>), or
/// an Npgsql connection string (<c>Host=...;Database=...</c>). What the address leaves out comes from PGHOST, PGPORT
/// and PGDATABASE as libpq takes them (Npgsql reads PGUSER and PGPASSWORD itself), else the local server.
/// </summary>
public static class PostgresAddress
{
    private const string Expected = "expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE";

    /// <summary>libpq's parameter names, as Npgsql calls them (Npgsql's own names are taken as they are).</summary>
    private static readonly Dictionary<string, string> LibpqNames = new(StringComparer.Ordinal)
    {
        ["host"] = "Host", ["hostaddr"] = "Host", ["port"] = "Port", ["dbname"] = "Database", ["user"] = "Username",
        ["password"] = "Password", ["passfile"] = "Passfile", ["connect_timeout"] = "Timeout", ["application_name"] = "Application Name",
        ["sslmode"] = "SSL Mode", ["sslcert"] = "SSL Certificate", ["sslkey"] = "SSL Key", ["sslrootcert"] = "Root Certificate",
        ["sslpassword"] = "SSL Password", ["target_session_attrs"] = "Target Session Attributes", ["options"] = "Options",
        ["client_encoding"] = "Client Encoding",
    };

    /// <exception cref="StorageException">The address cannot be understood.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string address, Func<string, string?>? environment = null)
    {
        var trimmed = address.Trim();
        try
        {
            var builder = Builder(trimmed);
            WithDefaults(builder, environment ?? Environment.GetEnvironmentVariable);
            return builder;
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            throw new StorageException($"{Describe(trimmed)}: not a PostgreSQL address ({e.Message}); {Expected}");
        }
    }

    /// <summary>A URI, libpq's key=value words, or an Npgsql connection string (the one with ';').</summary>
    private static NpgsqlConnectionStringBuilder Builder(string address)
    {
        if (address.Contains("://", StringComparison.Ordinal)) return FromUri(address);
        if (address.Contains(';', StringComparison.Ordinal)) return new NpgsqlConnectionStringBuilder(address);
        var builder = new NpgsqlConnectionStringBuilder();
        foreach (var (key, value) in KeywordValues(address)) Set(builder, key, value);
        return builder;
    }

    /// <summary>libpq's URI: <c>postgresql://[user[:password]@][host][:port][,host[:port]...][/dbname][?param=value&amp;...]</c>.</summary>
    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        int schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var scheme = text[..schemeEnd];
        if (!scheme.Equals("postgresql", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("postgres", StringComparison.OrdinalIgnoreCase))
        {
            throw new UriFormatException($"the scheme is {scheme}, not postgresql");
        }
        var rest = text[(schemeEnd + 3)..];
        string query = string.Empty;
        if (rest.IndexOf('?') is var q and >= 0) (rest, query) = (rest[..q], rest[(q + 1)..]);
        string path = string.Empty;
        if (rest.IndexOf('/') is var slash and >= 0) (rest, path) = (rest[..slash], rest[(slash + 1)..]);
        var builder = new NpgsqlConnectionStringBuilder();
        if (rest.LastIndexOf('@') is var at and >= 0)
        {
            var user = rest[..at];
            rest = rest[(at + 1)..];
            int colon = user.IndexOf(':');
            builder.Username = Decode(colon < 0 ? user : user[..colon]);
            if (colon >= 0) builder.Password = Decode(user[(colon + 1)..]);
        }
        if (rest.Length > 0) SetHosts(builder, rest);
        if (path.Length > 0) builder.Database = Decode(path);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            if (equals <= 0) throw new FormatException($"the parameter '{Decode(pair)}' has no value");
            Set(builder, Decode(pair[..equals]), Decode(pair[(equals + 1)..]));
        }
        return builder;
    }

    /// <summary><c>host[:port]</c>, comma-separated; a host may be <c>[IPv6]</c> or a percent-encoded socket directory.</summary>
    private static void SetHosts(NpgsqlConnectionStringBuilder builder, string hosts)
    {
        var parsed = new List<(string Host, int? Port)>();
        foreach (var spec in hosts.Split(','))
        {
            string host = spec;
            string? port = null;
            if (spec.StartsWith('['))
            {
                int close = spec.IndexOf(']');
                if (close < 0) throw new UriFormatException($"'{spec}' opens an IPv6 address with [ and does not close it");
                host = spec[1..close];
                if (close + 1 < spec.Length)
                {
                    if (spec[close + 1] != ':') throw new UriFormatException($"'{spec}': only :PORT may follow the address");
                    port = spec[(close + 2)..];
                }
            }
            else if (spec.LastIndexOf(':') is var colon and >= 0)
            {
                (host, port) = (spec[..colon], spec[(colon + 1)..]);
            }
            int? number = null;
            if (!string.IsNullOrEmpty(port))
            {
                if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int p) || p is < 1 or > 65535)
                {
                    throw new UriFormatException($"the port '{port}' is not a number from 1 to 65535");
                }
                number = p;
            }
            parsed.Add((Decode(host), number));
        }
        if (parsed.Count == 1)
        {
            if (parsed[0].Host.Length > 0) builder.Host = Bracketed(parsed[0].Host);
            if (parsed[0].Port is { } only) builder.Port = only;
            return;
        }
        // Npgsql tries a list of hosts in order, each with its own port.
        builder.Host = string.Join(',', parsed.Select(h => h.Port is { } p ? $"{Bracketed(h.Host)}:{p}" : Bracketed(h.Host)));
    }

    /// <summary>An IPv6 address keeps its brackets, so that Npgsql does not read its last group as a port.</summary>
    private static string Bracketed(string host) => host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('/') ? "[" + host + "]" : host;

    /// <summary>libpq's words: <c>key=value</c> separated by spaces; a value may be single-quoted, with \' and \\ inside.</summary>
    private static IEnumerable<(string Key, string Value)> KeywordValues(string text)
    {
        int i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i == text.Length) yield break;
            int keyStart = i;
            while (i < text.Length && text[i] != '=' && !char.IsWhiteSpace(text[i])) i++;
            var key = text[keyStart..i];
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i == text.Length || text[i] != '=') throw new FormatException($"'{key}' has no '=' and value");
            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '\'')
            {
                for (i++; ; i++)
                {
                    if (i == text.Length) throw new FormatException($"the value of '{key}' opens a quote and does not close it");
                    if (text[i] == '\'') break;
                    if (text[i] == '\\' && i + 1 < text.Length) i++;
                    value.Append(text[i]);
                }
                i++;
            }
            else
            {
                for (; i < text.Length && !char.IsWhiteSpace(text[i]); i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length) i++;
                    value.Append(text[i]);
                }
            }
            yield return (key, value.ToString());
        }
    }

    private static void Set(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        if (LibpqNames.TryGetValue(key, out var npgsqlName))
        {
            // libpq spells the modes with hyphens (verify-full), Npgsql's enum without.
            builder[npgsqlName] = key == "sslmode" ? value.Replace("-", string.Empty, StringComparison.Ordinal) : value;
            return;
        }
        if (!builder.TryGetValue(key, out _)) throw new ArgumentException($"unknown parameter '{key}'");
        builder[key] = value;
    }

    /// <summary>What libpq takes from the environment when the address leaves it out, then the local server.</summary>
    private static void WithDefaults(NpgsqlConnectionStringBuilder builder, Func<string, string?> environment)
    {
        if (string.IsNullOrEmpty(builder.Host))
        {
            builder.Host = environment("PGHOST") is { Length: > 0 } host ? host
                : Directory.Exists(LocalSocketDirectory) ? LocalSocketDirectory : "localhost";
        }
        // Npgsql's builder knows every keyword; its connection string holds only the ones given.
        bool portGiven = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = builder.ConnectionString }.ContainsKey("Port");
        if (!portGiven && environment("PGPORT") is { Length: > 0 } port)
        {
            if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int p) || p is < 1 or > 65535)
            {
                throw new FormatException($"PGPORT '{port}' is not a number from 1 to 65535");
            }
            builder.Port = p;
        }
        if (string.IsNullOrEmpty(builder.Database) && environment("PGDATABASE") is { Length: > 0 } database) builder.Database = database;
    }

    /// <summary>Where Debian's and Ubuntu's PostgreSQL put the server's socket, and libpq looks first.</summary>
    private const string LocalSocketDirectory = "/var/run/postgresql";

    private static string Decode(string text) => Uri.UnescapeDataString(text);

    /// <summary>How the parsing here and Npgsql's builder refuse an address (<see cref="UriFormatException"/> is a <see cref="FormatException"/>).</summary>
    private static bool IsUnreadable(Exception e) => e is ArgumentException or FormatException or KeyNotFoundException;

    /// <summary>The address without its password: what messages and <c>status</c> show.</summary>
    public static string Describe(string address)
    {
        try
        {
            var builder = Builder(address.Trim());
            WithDefaults(builder, Environment.GetEnvironmentVariable);
            return Describe(builder);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return "the PostgreSQL address given";
        }
    }

    public static string Describe(NpgsqlConnectionStringBuilder b)
    {
        var user = string.IsNullOrEmpty(b.Username) ? string.Empty : Uri.EscapeDataString(b.Username) + "@";
        var host = string.IsNullOrEmpty(b.Host) ? "localhost" : b.Host;
        var hostPart = host.StartsWith('/') ? "[" + host + "]" : host;
        // A list of hosts carries its ports.
        return host.Contains(',', StringComparison.Ordinal) ? $"postgresql://{user}{hostPart}/{b.Database}" : $"postgresql://{user}{hostPart}:{b.Port}/{b.Database}";
    }
}
