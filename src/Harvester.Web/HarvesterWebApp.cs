using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Harvester.Storage;
using Harvester.Web.Api;
using Harvester.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Harvester.Web;

/// <summary>
/// Builds the read-only web app over a store: the JSON API (<c>/api</c>, OpenAPI at <c>/openapi/v1.json</c>) and the
/// pages. Every stored text is treated as hostile: pages escape it, a Content-Security-Policy allows no script at all,
/// and unsafe links are not made clickable. Off loopback, the app refuses to start without a token.
/// </summary>
public static class HarvesterWebApp
{
    /// <summary>
    /// The slim builder reads appsettings.json from the current folder with reload on change, which watches that folder
    /// and every folder below it (a watch per folder: thousands in a home folder, and an event for every write of a
    /// LiteDB file kept there). The app's settings come from Harvester's own configuration instead.
    /// </summary>
    private static readonly string[] NoFileWatching = ["--hostBuilder:reloadConfigOnChange=false"];

    public const string TokenCookie = "harvester_token";

    /// <exception cref="WebSettingsException">The settings are unusable (a non-loopback address without a token, a bad URL).</exception>
    /// <param name="handleSignals">
    /// Whether the app stops itself on SIGTERM and Ctrl+C (<c>serve</c>); false when hosted inside a worker, whose own
    /// lifetime handles signals (grace period, second signal) and stops the app after its jobs.
    /// </param>
    public static WebApplication Build(IHarvesterStore store, HttpOptions options, Action<WebApplicationBuilder>? configure = null, ILoggerProvider? logs = null,
        bool handleSignals = true)
    {
        var urls = options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new WebSettingsException($"Http:Urls: '{url}' is not an http(s) URL");
            }
            if (!IsLoopback(uri) && string.IsNullOrEmpty(options.Token))
            {
                throw new WebSettingsException($"refusing to serve on {url} without a token: anyone who can reach it could read the store; set Http:Token (or serve on 127.0.0.1)");
            }
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Harvester.Web", Args = NoFileWatching });
        builder.Logging.ClearProviders();
        if (logs is not null) builder.Logging.AddProvider(logs);
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.AddServerHeader = false;
        });
        var services = builder.Services;
        if (!handleSignals) services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, HostedLifetime>();
        services.AddSingleton(store);
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StoreSummary>();
        services.AddSingleton<StoreQueries>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, WebJson.Default));
        // A parameter that does not bind throws where the framework can (a body), so it is answered like every other bad
        // request; a query parameter that does not parse (limit=abc) is answered 400 without a body, which ErrorsAsProblems fills in.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.AddResponseCompression(o =>
        {
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["text/markdown", "application/jsonl", "image/svg+xml"]);
        });
        if (options.RequestsPerMinute > 0)
        {
            services.AddRateLimiter(o =>
            {
                o.RejectionStatusCode = 429;
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
                o.OnRejected = (context, _) => Problem(context.HttpContext, 429, "Too many requests", $"at most {options.RequestsPerMinute} requests a minute from one address");
            });
        }
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Use(SecurityHeaders);
        app.Use(ErrorsAsProblems);
        if (!string.IsNullOrEmpty(options.Token)) app.Use((http, next) => RequireToken(http, next, options.Token));
        if (options.RequestsPerMinute > 0) app.UseRateLimiter();
        app.UseResponseCompression();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/favicon.ico", () => Results.NoContent()).ExcludeFromDescription();
        app.MapGet("/assets/app.css", () => Results.Text(Stylesheet.Value, "text/css; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/login", () => Results.Content(Layout.Login(null), "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapPost("/login", (Delegate)((HttpContext http) => LoginAsync(http, options.Token))).ExcludeFromDescription();
        ApiEndpoints.Map(app);
        PageEndpoints.Map(app);
        // Every path, files included (the default fallback leaves paths with an extension to a static-file handler we do not have).
        app.MapFallback("{**path}", (HttpContext http) => Problem(http, 404, "Not found", $"nothing at {http.Request.Path}"));
        return app;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.Host == "localhost" || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>The stylesheet, read once from this assembly's resources: no request path ever reaches the file system.</summary>
    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var stream = typeof(HarvesterWebApp).Assembly.GetManifestResourceStream("Harvester.Web.Assets.app.css")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static Task SecurityHeaders(HttpContext http, Func<Task> next)
    {
        ApplySecurityHeaders(http);
        return next();
    }

    private static void ApplySecurityHeaders(HttpContext http)
    {
        var headers = http.Response.Headers;
        // No script may run on any page of ours; styles come from our own stylesheet; nothing is framed or fetched elsewhere.
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }

    private static async Task ErrorsAsProblems(HttpContext http, Func<Task> next)
    {
        try
        {
            await next();
            if (http.Response.StatusCode >= 400 && !http.Response.HasStarted && http.Response.ContentType is null)
            {
                // An error the framework answered without a body: a query parameter that does not bind (limit=abc), a
                // path that matched nothing. It gets the same problem details as every other error.
                var detail = http.Response.StatusCode switch
                {
                    400 => BadParameters(http),
                    404 => $"nothing at {http.Request.Path}",
                    _ => ReasonPhrases.GetReasonPhrase(http.Response.StatusCode),
                };
                await Problem(http, http.Response.StatusCode, ReasonPhrases.GetReasonPhrase(http.Response.StatusCode), detail);
            }
        }
        catch (Exception e) when (e is BadRequestException or NotFoundException or StorageException or BadHttpRequestException && !http.Response.HasStarted)
        {
            var (status, title) = e switch
            {
                BadHttpRequestException b => (b.StatusCode, b.StatusCode == 413 ? "Request too large" : "Bad request"),
                BadRequestException => (400, "Bad request"),
                NotFoundException => (404, "Not found"),
                DamagedStoreException => (500, "Damaged store"),
                _ => (503, "Store unavailable"),
            };
            http.Response.Clear();
            ApplySecurityHeaders(http);
            await Problem(http, status, title, e.Message);
        }
    }

    /// <summary>Which of the endpoint's whole-number query parameters did not parse, as "limit: 'abc' is not a whole number".</summary>
    private static string BadParameters(HttpContext http)
    {
        var parameters = http.GetEndpoint()?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Http.Metadata.IParameterBindingMetadata>() ?? [];
        var bad = parameters
            .Where(p => (Nullable.GetUnderlyingType(p.ParameterInfo.ParameterType) ?? p.ParameterInfo.ParameterType) == typeof(int))
            .Select(p => (p.Name, Value: http.Request.Query[p.Name].ToString()))
            .Where(p => p.Value.Length > 0 && !int.TryParse(p.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _))
            .Select(p => $"{p.Name}: '{p.Value}' is not a whole number")
            .ToList();
        return bad.Count > 0 ? string.Join("; ", bad) : "a query parameter is not valid";
    }

    /// <summary>An error as RFC 9457 problem details for the API, or as a page for a browser.</summary>
    internal static async ValueTask Problem(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/openapi") || !AcceptsHtml(http))
        {
            await http.Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = status, Title = title, Detail = detail, Instance = http.Request.Path,
            }, WebJson.Default.ProblemDetails, "application/problem+json");
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(Html.Layout(title, $"<h1>{Html.E(title)}</h1><p class=\"error\">{Html.E(detail)}</p>"));
    }

    private static bool AcceptsHtml(HttpContext http) => http.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    private static Task RequireToken(HttpContext http, Func<Task> next, string token)
    {
        if (http.Request.Path.StartsWithSegments("/login") || http.Request.Path.StartsWithSegments("/assets")) return next();
        string? given = http.Request.Headers.Authorization.FirstOrDefault() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? auth["Bearer ".Length..].Trim()
            : http.Request.Cookies[TokenCookie];
        if (given is not null && Matches(given, token)) return next();
        if (!http.Request.Path.StartsWithSegments("/api") && AcceptsHtml(http))
        {
            http.Response.Redirect("/login");
            return Task.CompletedTask;
        }
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Problem(http, 401, "Unauthorized", "this server needs its token: 'Authorization: Bearer TOKEN', or sign in at /login").AsTask();
    }

    private static bool Matches(string given, string token) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static async Task<IResult> LoginAsync(HttpContext http, string? token)
    {
        if (string.IsNullOrEmpty(token)) return Results.Redirect("/");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form["token"].FirstOrDefault() is { } given && Matches(given, token))
        {
            http.Response.Cookies.Append(TokenCookie, given, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/", MaxAge = TimeSpan.FromDays(30),
            });
            return Results.Redirect("/");
        }
        http.Response.StatusCode = 401;
        return Results.Content(Layout.Login("That is not the token."), "text/html; charset=utf-8", statusCode: 401);
    }

    private static class Layout
    {
        public static string Login(string? error) => Html.Layout("Sign in",
            "<h1>Sign in</h1>" + (error is null ? string.Empty : $"<p class=\"error\">{Html.E(error)}</p>") +
            "<form method=\"post\" action=\"/login\"><label>Token <input type=\"password\" name=\"token\" autocomplete=\"current-password\"></label> <button>Sign in</button></form>");
    }
}

/// <summary>A lifetime that leaves signals to whoever hosts the app (the worker): it starts and stops when told.</summary>
internal sealed class HostedLifetime : Microsoft.Extensions.Hosting.IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A web setting that cannot work; the message is one line.</summary>
public sealed class WebSettingsException(string message) : Exception(message);
