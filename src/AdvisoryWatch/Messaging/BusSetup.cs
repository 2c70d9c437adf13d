namespace AdvisoryWatch.Messaging;

/// <summary>What a feature's transport-dependent registrations may look at.</summary>
/// <param name="OnWorker">Whether this node runs consumers and background work.</param>
public sealed record BusSetup(IServiceCollection Services, IConfiguration Configuration, BusTransport Transport, bool OnWorker);
