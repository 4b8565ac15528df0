using Harvester.Storage;
using Harvester.Worker.Queries;

namespace Harvester.Cli.Commands;

/// <summary>Runs a client's read-only command line inside the worker, on the worker's open database.</summary>
internal sealed class WorkerQueryHandler(IHarvesterStore store) : IQueryHandler
{
    public Task<int> RunAsync(QueryRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        ServedQuery.RunAsync(store, request.WorkingDirectory,
            () => HarvesterCommandLine.RunAsync([.. request.Arguments], output, error, cancellationToken));
}
