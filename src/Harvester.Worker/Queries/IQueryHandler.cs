namespace Harvester.Worker.Queries;

/// <summary>Carries out one <see cref="QueryRequest"/> inside the worker, writing what the command prints.</summary>
public interface IQueryHandler
{
    /// <returns>The command's exit code.</returns>
    Task<int> RunAsync(QueryRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken);
}
