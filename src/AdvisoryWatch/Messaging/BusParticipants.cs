namespace AdvisoryWatch.Messaging;

/// <summary>
/// The features' parts in messaging, gathered while the features are added and applied once when
/// the transport is chosen. Kept as an instance in the service collection, so two hosts built in
/// one process (tests) never share it.
/// </summary>
internal sealed class BusParticipants
{
    private readonly List<BusParticipant> _participants = [];
    private bool _sealed;

    public static BusParticipants Of(IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(BusParticipants))?.ImplementationInstance;
        if (existing is BusParticipants participants)
        {
            return participants;
        }

        participants = new BusParticipants();
        services.AddSingleton(participants);
        return participants;
    }

    /// <summary>Everything added so far; adding later is a wiring error, since the bus is already configured.</summary>
    public static IReadOnlyList<BusParticipant> Seal(IServiceCollection services)
    {
        var participants = Of(services);
        participants._sealed = true;
        return participants._participants;
    }

    public void Add(BusParticipant participant)
    {
        if (_sealed)
        {
            throw new InvalidOperationException("A feature joined the bus after AddMessaging: add every feature before messaging.");
        }

        _participants.Add(participant);
    }
}
