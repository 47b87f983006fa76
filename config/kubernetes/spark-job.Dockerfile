# The image the nightly Spark CronJob (spark-cronjob.yaml) runs: Apache Spark with the Foresight job jar.
#   (cd spark && ../mvnw -B -q package -DskipTests)          # -> spark/target/foresight-spark.jar
#   docker build -f config/kubernetes/spark-job.Dockerfile -t foresight-spark:0.1.0 .
# SPARK_IMAGE: the same Spark version as spark/pom.xml (spark.version), Scala 2.13, Java 17, glibc (ND4J's
# native libraries need glibc); the job jar leaves Spark out (provided) and brings DL4J with ND4J's natives.
ARG SPARK_IMAGE=apache/spark:4.2.0
FROM ${SPARK_IMAGE}

USER root
# The service's user (Dockerfile: uid/gid 10001), so that what the job commits into the shared registry belongs
# to the same owner; a named user also keeps Hadoop's login from failing on a uid without a passwd entry.
RUN groupadd --system --gid 10001 foresight \
 && useradd --system --uid 10001 --gid foresight --home-dir /opt/foresight --create-home --shell /usr/sbin/nologin foresight
COPY --chown=foresight:foresight spark/target/foresight-spark.jar /opt/foresight/foresight-spark.jar

ENV OMP_NUM_THREADS=1
WORKDIR /opt/foresight
USER foresight:foresight
