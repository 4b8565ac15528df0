using System.CommandLine;
using Harvester.Web;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Harvester.Cli.Commands;

/// <summary>
/// <c>harvester serve [--urls URL]</c>: the read-only web app and JSON API over the store, until stopped. On a LiteDB
/// file it holds the file like any command (a worker can host the same app instead: <c>Worker:Http:Urls</c>); on
/// PostgreSQL it runs beside the workers.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var urls = new Option<string?>("--urls") { Description = $"Where to listen (Http:Urls) [default: {HttpOptions.DefaultUrls}]; off loopback, Http:Token is required.", HelpName = "URL" };
        var command = new Command("serve", "Serve the web app and JSON API over the store (browse, diff, search, charts).") { urls };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parseResult.GetValue(urls) is { } u) overrides["Http:Urls"] = u;
            var configuration = HarvesterSettings.Configuration(parseResult, overrides);
            var options = HarvesterSettings.Bind<HttpOptions>(configuration, HttpOptions.Section);
            using var session = StoreSession.OpenExisting(parseResult);
            WebApplication app;
            try
            {
                app = HarvesterWebApp.Build(session.Store, options, logs: new ErrorLineLoggerProvider(error));
            }
            catch (WebSettingsException e)
            {
                await error.WriteLineAsync($"harvester: {e.Message}");
                return ExitCodes.Usage;
            }
            await using (app)
            {
                try
                {
                    await app.StartAsync(cancellationToken);
                }
                catch (IOException e)
                {
                    await error.WriteLineAsync($"harvester: cannot listen on {options.Urls}: {e.Message}");
                    return ExitCodes.SomeFailed;
                }
                await output.WriteLineAsync($"serving {session.Store.Location} on {string.Join(", ", app.Urls)} (Ctrl+C stops)");
                // SIGTERM or Ctrl+C reach the app's own lifetime, which stops it; a cancelled command stops it too.
                await using (cancellationToken.Register(() => app.Lifetime.StopApplication()))
                {
                    await app.WaitForShutdownAsync(CancellationToken.None);
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
