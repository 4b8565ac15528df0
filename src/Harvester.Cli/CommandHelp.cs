using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;

namespace Harvester.Cli;

/// <summary>What <c>--help</c> and a parse error say: optional arguments shown as optional, and errors in plain words.</summary>
internal static partial class CommandHelp
{
    /// <summary>System.CommandLine's error when no subcommand was recognised; the error about what was typed says more.</summary>
    public const string NoCommandMessage = "Required command was not provided.";

    /// <summary>
    /// The top-level help lists each command with its arguments as its own usage line does
    /// (<c>diff &lt;DOMAIN&gt; [&lt;VERSION&gt;...]</c>); System.CommandLine's own list shows optional arguments as required.
    /// A command's own help stays System.CommandLine's.
    /// </summary>
    public static void Customize(RootCommand root, TextWriter output)
    {
        if (root.Options.OfType<VersionOption>().FirstOrDefault() is { } version) version.Action = new VersionAction(output);
        var option = root.Options.OfType<HelpOption>().FirstOrDefault();
        if (option?.Action is not HelpAction standard) return;
        option.Action = new RootHelpAction(root, standard, output);
    }

    /// <summary>The program's version and the extractor's, which decides what Markdown a page gives.</summary>
    public static string VersionText()
    {
        var assembly = typeof(CommandHelp).Assembly;
        var version = assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        return $"harvester {version}\nextractor {Harvester.Core.Extraction.PolicyExtractor.Version}";
    }

    internal sealed class VersionAction(TextWriter output) : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            output.WriteLine(VersionText());
            return 0;
        }
    }

    internal sealed class RootHelpAction(RootCommand root, HelpAction standard, TextWriter output) : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            if (parseResult.CommandResult.Command != root) return standard.Invoke(parseResult);
            output.WriteLine("Description:");
            output.WriteLine($"  {root.Description}");
            output.WriteLine();
            output.WriteLine("Usage:");
            output.WriteLine("  harvester [command] [options]");
            output.WriteLine();
            output.WriteLine("Options:");
            WriteColumns(root.Options.Select(o => (string.Join(", ", o.Aliases.Prepend(o.Name).Where(a => a.StartsWith('-')).OrderBy(a => a.Length)) + (o is HelpOption or VersionOption ? string.Empty : $" <{o.Name.TrimStart('-')}>"),
                (o.Description ?? string.Empty) + DefaultOf(o, parseResult))));
            output.WriteLine();
            output.WriteLine("Commands:");
            WriteColumns(root.Subcommands.Where(c => !c.Hidden).Select(c => (Usage(c), c.Description ?? string.Empty)));
            output.WriteLine();
            output.WriteLine("Run 'harvester COMMAND --help' for a command's arguments and options.");
            return 0;
        }

        private static string DefaultOf(Option option, ParseResult parseResult) =>
            option.HasDefaultValue && parseResult.GetResult(option)?.GetValueOrDefault<object?>() is { } value ? $" [default: {value}]" : string.Empty;

        private void WriteColumns(IEnumerable<(string Left, string Right)> rows)
        {
            var list = rows.ToList();
            int width = list.Max(r => r.Left.Length) + 2;
            foreach (var (left, right) in list) output.WriteLine($"  {left.PadRight(width)}{right}");
        }
    }

    private static string Usage(Command command) =>
        string.Join(' ', command.Arguments.Where(a => !a.Hidden).Select(Label).Prepend(command.Name));

    private static string Label(Argument argument)
    {
        var arity = argument.Arity;
        var name = $"<{argument.Name}>" + (arity.MaximumNumberOfValues > 1 ? "..." : string.Empty);
        return arity.MinimumNumberOfValues == 0 ? $"[{name}]" : name;
    }

    /// <summary>A parse error without .NET type names: <c>'abc' is not a valid value for --from (a whole number)</c>.</summary>
    public static string Plain(string message)
    {
        if (message == NoCommandMessage) return "no command given";
        var match = CannotParse().Match(message);
        if (!match.Success) return Whitespace().Replace(message, " ").TrimEnd('.', ' ');
        var (value, symbol, type) = (match.Groups["value"].Value, match.Groups["symbol"].Value, match.Groups["type"].Value);
        var expected = type switch
        {
            "System.Int32" or "System.Int64" => "a whole number",
            "System.Double" => "a number",
            "System.Boolean" => "true or false",
            _ => null,
        };
        return $"'{value}' is not a valid value for {symbol}" + (expected is null ? string.Empty : $" ({expected})");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|argument) '(?<symbol>.*)' as expected type '(?<type>[^']*)'")]
    private static partial Regex CannotParse();
}
