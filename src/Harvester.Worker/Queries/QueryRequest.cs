namespace Harvester.Worker.Queries;

/// <summary>
/// A read-only command a client asks the running worker to carry out on its open database: the command line as the
/// user typed it, and the folder it was typed in (relative paths such as <c>export --out</c> resolve against it).
/// </summary>
public sealed record QueryRequest(IReadOnlyList<string> Arguments, string WorkingDirectory);
