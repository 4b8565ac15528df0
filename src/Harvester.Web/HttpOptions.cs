using System.ComponentModel.DataAnnotations;

namespace Harvester.Web;

/// <summary>The web app's settings (the <c>Http</c> section): where it listens, its token, its limits.</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Where to listen (semicolon-separated URLs). Default <c>http://127.0.0.1:5080</c>.</summary>
    [Required]
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>
    /// The token every request must carry (a bearer header, or the cookie the login form sets). Required to listen on
    /// anything other than loopback; optional on loopback.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>Requests per minute one client address may make; 0 for no limit. Default 20,000.</summary>
    [Range(0, 10_000_000)]
    public int RequestsPerMinute { get; set; } = 20_000;

    /// <summary>Largest request body accepted (the app only reads; the login form is small). Default 16 KiB.</summary>
    [Range(1024, 1 << 20)]
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024;
}
