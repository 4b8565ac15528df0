using System.Text.RegularExpressions;

namespace Harvester.Cli.Commands;

/// <summary>Checks that a command-line site is a plausible domain (or an http(s) URL) before anything is asked of an archive.</summary>
internal static partial class DomainName
{
    public static bool IsPlausible(string value)
    {
        if (value.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;
        }
        return value.Length <= 253 && Pattern().IsMatch(value);
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}\.?$")]
    private static partial Regex Pattern();
}
