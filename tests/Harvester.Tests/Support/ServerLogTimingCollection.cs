namespace Harvester.Tests.Support;

/// <summary>Tests that judge timing by a server's log of arrivals run alone, not beside other tests loading the machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerLogTimingCollection
{
    public const string Name = "server-log timing";
}
