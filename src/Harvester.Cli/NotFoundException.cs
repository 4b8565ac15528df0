namespace Harvester.Cli;

/// <summary>What a command was asked for does not exist (a database, a site, a version); one line, exit code 3.</summary>
internal sealed class NotFoundException(string message) : Exception(message);
