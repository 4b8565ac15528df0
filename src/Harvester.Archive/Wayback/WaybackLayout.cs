namespace Harvester.Archive.Wayback;

/// <summary>
/// Where a Wayback-compatible archive keeps its endpoints: the Wayback Machine (<c>/web/TSid_/URL</c>,
/// <c>/cdx/search/cdx</c>) or a pywb collection (<c>/COLL/TSid_/URL</c>, <c>/COLL/cdx</c>).
/// </summary>
internal sealed class WaybackLayout
{
    private readonly string _snapshotPrefix;

    public WaybackLayout(string baseUrl)
    {
        var trimmed = baseUrl.TrimEnd('/');
        var path = new Uri(trimmed + "/").AbsolutePath.Trim('/');
        IsPywb = path.Length > 0 && path != "web";
        _snapshotPrefix = IsPywb ? trimmed + "/" : (path == "web" ? trimmed + "/" : trimmed + "/web/");
        CdxEndpoint = IsPywb ? trimmed + "/cdx" : (path == "web" ? trimmed[..^4] : trimmed) + "/cdx/search/cdx";
    }

    public bool IsPywb { get; }

    public string CdxEndpoint { get; }

    /// <summary>The original-bytes address of a capture (the URL is used as given, as the Wayback Machine accepts it).</summary>
    public string Snapshot(string timestamp, string url) => _snapshotPrefix + timestamp + "id_/" + url;

    /// <summary>Reads the timestamp and original URL out of a snapshot address of this archive.</summary>
    public bool TryParse(string address, out string timestamp, out string url)
    {
        timestamp = url = string.Empty;
        int at = address.IndexOf(_snapshotPrefix, StringComparison.Ordinal);
        string rest;
        if (at >= 0)
        {
            rest = address[(at + _snapshotPrefix.Length)..];
        }
        else
        {
            int web = address.IndexOf("/web/", StringComparison.Ordinal);
            if (web < 0) return false;
            rest = address[(web + 5)..];
        }
        int end = 0;
        while (end < rest.Length && char.IsAsciiDigit(rest[end])) end++;
        if (end < 4) return false;
        timestamp = rest[..end];
        int slash = rest.IndexOf('/', end);
        if (slash < 0) return false;
        url = rest[(slash + 1)..];
        if (url.StartsWith("http:/", StringComparison.Ordinal) && !url.StartsWith("http://", StringComparison.Ordinal)) url = "http://" + url[6..];
        if (url.StartsWith("https:/", StringComparison.Ordinal) && !url.StartsWith("https://", StringComparison.Ordinal)) url = "https://" + url[7..];
        return url.Length > 0;
    }
}
