using Hub.LocalHost.Emulator;

namespace Hub.UnitTests;

public sealed class EmulatorPortsTests
{
    [Fact]
    public void Development_storage_means_the_emulator_default_ports()
        => Assert.Equal((10000, 10001, 10002), EmulatorAutoStart.EmulatorPorts("UseDevelopmentStorage=true"));

    [Fact]
    public void A_loopback_connection_string_names_its_own_ports()
        => Assert.Equal((20000, 20001, 20002), EmulatorAutoStart.EmulatorPorts(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:20000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:20001/devstoreaccount1;TableEndpoint=http://127.0.0.1:20002/devstoreaccount1;"));

    [Fact]
    public void Real_storage_is_never_emulated()
        => Assert.Null(EmulatorAutoStart.EmulatorPorts("DefaultEndpointsProtocol=https;AccountName=hub;AccountKey=a2V5;EndpointSuffix=core.windows.net"));
}
