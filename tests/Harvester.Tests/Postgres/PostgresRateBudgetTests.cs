using Harvester.Storage.Postgres;
using Harvester.Tests.Support;

namespace Harvester.Tests.Postgres;

/// <summary>The shared rate budget on PostgreSQL: workers racing for one group's slot.</summary>
public sealed class PostgresRateBudgetTests
{
    [Fact]
    public async Task ManyWorkersClaimingAFreshGroupAtOnce_OneIsGranted_TheOthersAreToldToWait_NoneFails()
    {
        using var store = PostgresStore.Open(PostgresServer.Instance.CreateDatabase(), TimeProvider.System);
        var budgets = store.RateBudgets!;
        // A fresh group's row starts at '-infinity'; a claim that loses the race reads the row as it was before the
        // winner took it. Many rounds, so the race is met, not hoped for.
        for (int round = 0; round < 30; round++)
        {
            var group = $"group-{round}";
            using var start = new Barrier(8);
            var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                return budgets.TryClaim(group, "cdx", TimeSpan.FromMinutes(1));
            })));

            Assert.Single(claims, wait => wait == TimeSpan.Zero);
            Assert.All(claims.Where(wait => wait != TimeSpan.Zero), wait => Assert.InRange(wait, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1)));
        }
    }

    [Fact]
    public void APausedGroup_IsNotGranted_UntilThePauseEnds()
    {
        using var store = PostgresStore.Open(PostgresServer.Instance.CreateDatabase(), TimeProvider.System);
        var budgets = store.RateBudgets!;
        budgets.Pause("g", "snapshot", TimeSpan.FromMinutes(5));

        var wait = budgets.TryClaim("g", "snapshot", TimeSpan.FromSeconds(1));

        Assert.InRange(wait, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.Zero, budgets.TryClaim("g", "cdx", TimeSpan.FromSeconds(1)));
    }
}
