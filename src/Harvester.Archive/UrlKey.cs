using System.Globalization;

namespace Harvester.Archive;

/// <summary>
/// The canonical lookup key of a URL (SURT form, as CDX and CDXJ indexes sort): scheme dropped, host lower-cased
/// without <c>www.</c>, its labels reversed, then the path and sorted query. <c>http://www.Example.com/a?b=1&amp;a=2</c>
/// becomes <c>com,example)/a?a=2&amp;b=1</c>.
/// </summary>
public static class UrlKey
{
    public static string For(string url)
    {
        var text = url.Trim();
        int schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0) text = text[(schemeEnd + 3)..];
        int hostEnd = text.IndexOfAny(['/', '?', '#']);
        var host = (hostEnd < 0 ? text : text[..hostEnd]).ToLowerInvariant();
        var rest = hostEnd < 0 ? "/" : text[hostEnd..];
        int fragment = rest.IndexOf('#');
        if (fragment >= 0) rest = rest[..fragment];
        if (rest.StartsWith('?')) rest = "/" + rest;

        int at = host.LastIndexOf('@');
        if (at >= 0) host = host[(at + 1)..];
        if (host.EndsWith(":80", StringComparison.Ordinal) || host.EndsWith(":443", StringComparison.Ordinal)) host = host[..host.LastIndexOf(':')];
        host = host.TrimEnd('.');
        while (host.StartsWith("www", StringComparison.Ordinal))
        {
            int dot = host.IndexOf('.');
            if (dot < 0 || !host[3..dot].All(char.IsAsciiDigit) || host.IndexOf('.', dot + 1) < 0) break;
            host = host[(dot + 1)..];
        }
        var labels = host.Split('.');
        Array.Reverse(labels);

        var path = rest;
        string query = string.Empty;
        int question = rest.IndexOf('?');
        if (question >= 0)
        {
            path = rest[..question];
            var parameters = rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries);
            Array.Sort(parameters, StringComparer.Ordinal);
            query = parameters.Length > 0 ? "?" + string.Join('&', parameters) : string.Empty;
        }
        return (string.Join(',', labels) + ")" + path + query).ToLower(CultureInfo.InvariantCulture);
    }

    /// <summary>A URL for a bare domain (<c>example.com</c> → <c>http://example.com/</c>); URLs pass through.</summary>
    public static string AsUrl(string domainOrUrl) =>
        domainOrUrl.Contains("://", StringComparison.Ordinal) ? domainOrUrl
        : domainOrUrl.Contains('/', StringComparison.Ordinal) ? "http://" + domainOrUrl
        : "http://" + domainOrUrl + "/";
}
