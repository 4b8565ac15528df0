namespace Harvester.Core.Html2Text;

/// <summary>Python's <c>urllib.parse.urljoin</c> for the links html2text writes.</summary>
internal static class PythonUrl
{
    private static readonly HashSet<string> UsesRelative =
        ["", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms", "prospero", "rtsp", "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss"];

    private static readonly HashSet<string> UsesNetloc =
        ["", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp", "snews", "prospero", "rtsp", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss"];

    public static string Join(string baseUrl, string url)
    {
        if (baseUrl.Length == 0) return url;
        if (url.Length == 0) return baseUrl;
        var b = Split(baseUrl, string.Empty);
        var u = Split(url, b.Scheme);
        if (u.Scheme != b.Scheme || !UsesRelative.Contains(u.Scheme)) return url;
        string? netloc = u.Netloc;
        if (UsesNetloc.Contains(u.Scheme))
        {
            if (netloc is { Length: > 0 }) return Unsplit(u.Scheme, netloc, u.Path, u.Query, u.Fragment);
            netloc = b.Netloc;
        }
        if (u.Path.Length == 0)
        {
            return Unsplit(u.Scheme, netloc, b.Path, u.Query.Length > 0 ? u.Query : b.Query, u.Fragment);
        }

        // Python's remove_dot_segments variant.
        var baseParts = b.Path.Split('/').ToList();
        if (baseParts[^1].Length != 0) baseParts.RemoveAt(baseParts.Count - 1);
        List<string> segments;
        if (u.Path.StartsWith('/'))
        {
            segments = [.. u.Path.Split('/')];
        }
        else
        {
            segments = [.. baseParts, .. u.Path.Split('/')];
            if (segments.Count > 2)
            {
                var middle = segments.GetRange(1, segments.Count - 2).Where(x => x.Length > 0);
                segments = [segments[0], .. middle, segments[^1]];
            }
        }
        var resolved = new List<string>();
        foreach (var segment in segments)
        {
            if (segment == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
            }
            else if (segment != ".")
            {
                resolved.Add(segment);
            }
        }
        if (segments[^1] is "." or "..") resolved.Add(string.Empty);
        var path = string.Join("/", resolved);
        return Unsplit(u.Scheme, netloc, path.Length == 0 ? "/" : path, u.Query, u.Fragment);
    }

    private readonly record struct Parts(string Scheme, string? Netloc, string Path, string Query, string Fragment);

    /// <summary><c>urlparse</c> followed by the parts <c>urlunparse</c> puts back (empty params, query, fragment vanish).</summary>
    private static Parts Split(string url, string defaultScheme)
    {
        url = url.Replace("\t", string.Empty, StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        string scheme = defaultScheme;
        int colon = url.IndexOf(':');
        if (colon > 0 && IsSchemeStart(url[0]) && url[..colon].All(IsSchemeChar))
        {
            scheme = url[..colon].ToLowerInvariant();
            url = url[(colon + 1)..];
        }
        string? netloc = null;
        if (url.StartsWith("//", StringComparison.Ordinal))
        {
            int end = url.IndexOfAny(['/', '?', '#'], 2);
            if (end < 0) end = url.Length;
            netloc = url[2..end];
            url = url[end..];
        }
        string fragment = string.Empty, query = string.Empty;
        int hash = url.IndexOf('#');
        if (hash >= 0)
        {
            fragment = url[(hash + 1)..];
            url = url[..hash];
        }
        int question = url.IndexOf('?');
        if (question >= 0)
        {
            query = url[(question + 1)..];
            url = url[..question];
        }
        // urlparse splits ;params off the last segment and urlunparse re-adds them only when not empty.
        int lastSlash = url.LastIndexOf('/');
        int semicolon = url.IndexOf(';', lastSlash < 0 ? 0 : lastSlash);
        if (UsesParams(scheme) && semicolon >= 0 && semicolon == url.Length - 1) url = url[..semicolon];
        return new Parts(scheme, netloc, url, query, fragment);
    }

    private static bool UsesParams(string scheme) =>
        scheme is "" or "ftp" or "hdl" or "prospero" or "http" or "imap" or "https" or "shttp" or "rtsp" or "rtspu" or "sip" or "sips" or "mms" or "sftp" or "tel";

    private static bool IsSchemeStart(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    private static bool IsSchemeChar(char c) => IsSchemeStart(c) || c is >= '0' and <= '9' or '+' or '-' or '.';

    private static string Unsplit(string scheme, string? netloc, string path, string query, string fragment)
    {
        var url = path;
        if (netloc is { Length: > 0 } || (scheme.Length > 0 && UsesNetloc.Contains(scheme) && !url.StartsWith("//", StringComparison.Ordinal)))
        {
            if (url.Length > 0 && url[0] != '/') url = "/" + url;
            url = "//" + (netloc ?? string.Empty) + url;
        }
        if (scheme.Length > 0) url = scheme + ":" + url;
        if (query.Length > 0) url += "?" + query;
        if (fragment.Length > 0) url += "#" + fragment;
        return url;
    }
}
