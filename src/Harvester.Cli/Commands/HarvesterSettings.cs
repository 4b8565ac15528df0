using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using Harvester.Archive;
using Harvester.Archive.Wayback;
using Microsoft.Extensions.Configuration;

namespace Harvester.Cli.Commands;

/// <summary>
/// Settings from <c>appsettings.json</c> (current folder), the file given with <c>--config</c>, and
/// <c>HARVESTER__*</c> environment variables (later sources win), validated before any work starts.
/// </summary>
internal static class HarvesterSettings
{
    /// <summary>The sections a settings file may have; anything else is a typo that would otherwise be ignored.</summary>
    private static readonly string[] KnownSections = ["Wayback", "Storage", "Worker", "Schedule", "Http", "Logging"];

    /// <summary>
    /// appsettings.json, then <c>--config FILE</c>, then <c>HARVESTER__*</c> variables, then <paramref name="overrides"/>
    /// (a command's own options, as <c>Section:Key</c>); later sources win.
    /// </summary>
    /// <exception cref="SettingsException">A file is missing or malformed, or a section is unknown.</exception>
    public static IConfiguration Configuration(ParseResult parseResult, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var builder = new ConfigurationBuilder().AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        if (GlobalOptions.ConfigFile(parseResult) is { } file)
        {
            if (!File.Exists(file)) throw new SettingsException($"{file}: no such settings file");
            builder.AddJsonFile(Path.GetFullPath(file), optional: false);
        }
        IConfiguration configuration;
        try
        {
            configuration = builder.AddEnvironmentVariables("HARVESTER__").AddInMemoryCollection(overrides ?? []).Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException)
        {
            throw new SettingsException($"settings: {e.Message}");
        }
        foreach (var section in configuration.GetChildren())
        {
            if (!KnownSections.Contains(section.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new SettingsException($"settings: unknown section '{section.Key}' (known: {string.Join(", ", KnownSections)})");
            }
        }
        return configuration;
    }

    /// <exception cref="SettingsException">A setting is unknown, malformed or out of range; the message names it.</exception>
    public static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new SettingsException($"settings: {e.Message.ReplaceLineEndings(" ")}");
        }
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new SettingsException($"settings: {section}: " + string.Join(" ", results.Select(r => r.ErrorMessage)));
        }
        return options;
    }

    /// <summary>The archive named by <c>--archive</c>, with the client settings of <paramref name="configuration"/>.</summary>
    /// <exception cref="SettingsException">A <c>Wayback</c> setting is invalid.</exception>
    /// <param name="store">The store, when it is shared: the archive then paces with the other workers of its rate group.</param>
    public static IWebArchive OpenArchive(ParseResult parseResult, IConfiguration configuration, Harvester.Storage.IHarvesterStore? store = null)
    {
        var options = Bind<WaybackOptions>(configuration, WaybackOptions.Section);
        var shared = store?.RateBudgets is { } budgets ? new Harvester.Crawl.StoreRateBudget(budgets, options.RateGroup) : null;
        return ArchiveLocation.Open(GlobalOptions.Archive(parseResult), options, shared: shared);
    }
}

/// <summary>A bad setting; the message is one line.</summary>
internal sealed class SettingsException(string message) : Exception(message);
