using MassTransit;

namespace AdvisoryWatch.Messaging;

/// <summary>One feature's part in messaging (see <see cref="MessagingSetup.AddBusParticipant"/>).</summary>
internal sealed record BusParticipant(Action<IBusRegistrationConfigurator>? Consumers, Action<BusSetup>? Services);
