# Foresight: time-series forecasting service (Spring Boot + DL4J/ND4J).
#
#   docker build -t foresight .
#   docker run -p 8080:8080 -v foresight-data:/data -e FORESIGHT_API_KEY=... --memory=4g foresight
#
# Ports: 8080 the API and web page; 8081 the management port (/actuator/health, /info, /prometheus), with its
# own connector and threads so that API traffic cannot starve the health check. Publish 8081 only to
# Prometheus and the orchestrator (add -p 127.0.0.1:8081:8081 to reach it from the host).
#
# Settings: environment variables (FORESIGHT_*, see config/application.yml) or a file mounted at
# /app/config/application.yml. The data volume also holds JavaCPP's unpacked native libraries (~400 MB).
#
# Both stages are glibc-based (Ubuntu): ND4J's native libraries (libnd4jcpu, OpenBLAS) need glibc, so an
# Alpine/musl image does not work. The build packs those libraries for linux-x86_64 only (.mvn/maven.config),
# so the image is linux/amd64: on an arm64 host build and run it with --platform linux/amd64.

ARG JDK_IMAGE=eclipse-temurin:17-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:17-jre-noble

# ---------------------------------------------------------------------------------------------------------
FROM ${JDK_IMAGE} AS build
WORKDIR /build

# The wrapper and the pom first, so the dependency download is cached until pom.xml or .mvn/ changes.
# .mvn/maven.config restricts the native artifacts to linux-x86_64 (-Djavacpp.platform).
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline -DskipTests

COPY src/ src/
RUN ./mvnw -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/foresight.jar extract --layers --destination /build/extracted

# ---------------------------------------------------------------------------------------------------------
FROM ${JRE_IMAGE} AS runtime

# A fixed, unprivileged user; /data belongs to it (a new named volume copies this ownership).
RUN groupadd --system --gid 10001 foresight \
 && useradd --system --uid 10001 --gid foresight --home-dir /app --no-create-home --shell /usr/sbin/nologin foresight \
 && mkdir -p /app/config /data/javacpp \
 && chown -R foresight:foresight /data

WORKDIR /app

# Spring Boot's layers, least often changed first: the ~200 MB of dependencies (DL4J, ND4J natives) stay
# cached when only the application changes. foresight.jar finds lib/ through its manifest Class-Path.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

# Memory: the Java heap takes half of the container's memory; ND4J arrays live outside the heap, so they
# are capped too, relative to the heap (JavaCPP reads "N%" as a percentage of the maximum heap):
#   maxbytes         = 60% of heap  (30% of the container) for off-heap arrays JavaCPP tracks
#   maxphysicalbytes = 170% of heap (85% of the container) for the whole process RSS, leaving headroom
#                      for metaspace, thread stacks and the native libraries before the kernel's OOM killer.
# JavaCPP unpacks its .so files into /data/javacpp (not a shared /tmp). One OpenMP thread per op was much
# faster for these small recurrent networks; raise OMP_NUM_THREADS for large layers on many cores.
ENV FORESIGHT_DATA_DIR=/data \
    OMP_NUM_THREADS=1 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -Dorg.bytedeco.javacpp.maxbytes=60% -Dorg.bytedeco.javacpp.maxphysicalbytes=170% -Dorg.bytedeco.javacpp.cachedir=/data/javacpp"

VOLUME /data
EXPOSE 8080 8081
USER foresight:foresight

# curl ships with the eclipse-temurin image. Health is served without the API key, on the management port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8081/actuator/health || exit 1

# The Java Vector API (incubating in Java 17) for the networks' matrix products (model/VectorKernels); the JVM
# prints one "Using incubator modules" warning at start-up.
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "-jar", "foresight.jar"]
