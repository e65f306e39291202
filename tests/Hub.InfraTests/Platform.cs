// The deploy scripts are bash and the Bicep CLI comes from the linux-x64 package.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
