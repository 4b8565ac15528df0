global using Harvester.Storage.LiteDb;
global using Harvester.Storage.LiteDb.Search;
