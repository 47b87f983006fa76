package io.foresight.web;

import static io.foresight.web.ControllerFixtures.JOB_ID;
import static io.foresight.web.ControllerFixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.training.JobStatus;
import io.foresight.training.TrainingJobView;
import io.foresight.training.TrainingService;

@WebMvcTest(TrainingJobController.class)
@Import({ApiExceptionHandler.class, TrainingJobControllerTest.Properties.class})
class TrainingJobControllerTest {

    @EnableConfigurationProperties(ForesightProperties.class)
    static class Properties {
    }

    private static final String OTHER = "job-000000000001";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TrainingService training;

    @Test
    void listAnswersEveryJobAsTheServiceOrdersThem() throws Exception {
        when(training.list()).thenReturn(List.of(job(JOB_ID, JobStatus.RUNNING, null, null),
                job(OTHER, JobStatus.SUCCEEDED, 3, null)));

        mvc.perform(get("/api/v1/training-jobs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].id").value(JOB_ID))
                .andExpect(jsonPath("$[0].progress.epoch").value(7))
                .andExpect(jsonPath("$[0].progress.candidate").value("LSTM/RELATIVE/seed 42"))
                .andExpect(jsonPath("$[1].status").value("SUCCEEDED"))
                .andExpect(jsonPath("$[1].version").value(3));
    }

    @Test
    void listTakesNoQueryParameters() throws Exception {
        mvc.perform(get("/api/v1/training-jobs?status=RUNNING"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("'status' is not known here")));
        verify(training, never()).list();
    }

    @Test
    void getAnswersTheJobAndAnUnknownOneIs404() throws Exception {
        when(training.get(OTHER)).thenReturn(job(OTHER, JobStatus.FAILED, null, "The series is too short"));
        when(training.get("job-ffffffffffff")).thenThrow(ForesightException.notFound("No training job"
                + " 'job-ffffffffffff'"));

        mvc.perform(get("/api/v1/training-jobs/" + OTHER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("FAILED"))
                .andExpect(jsonPath("$.error").value("The series is too short"))
                .andExpect(jsonPath("$.datasetId").value(ControllerFixtures.DATASET_ID))
                .andExpect(jsonPath("$.request.target").value("value"));
        mvc.perform(get("/api/v1/training-jobs/job-ffffffffffff"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("job-ffffffffffff")));
    }

    @Test
    void cancelAnswersTheJobAnEndedOneIs409AndAnUnknownOne404() throws Exception {
        when(training.cancel(JOB_ID)).thenReturn(job(JOB_ID, JobStatus.CANCELLED, null, null));
        when(training.cancel(OTHER)).thenThrow(ForesightException.conflict("Job " + OTHER
                + " has already ended with status SUCCEEDED."));
        when(training.cancel("job-ffffffffffff")).thenThrow(ForesightException.notFound("No training job"));

        mvc.perform(delete("/api/v1/training-jobs/" + JOB_ID))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(JOB_ID))
                .andExpect(jsonPath("$.status").value("CANCELLED"));
        mvc.perform(delete("/api/v1/training-jobs/" + OTHER))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("already ended with status SUCCEEDED")));
        mvc.perform(delete("/api/v1/training-jobs/job-ffffffffffff"))
                .andExpect(status().isNotFound());
        verify(training).cancel(JOB_ID);
        verify(training).cancel(OTHER);
    }

    @Test
    void eventsOfAnEndedJobAreOneEndEventWithoutSubscribing() throws Exception {
        when(training.get(OTHER)).thenReturn(job(OTHER, JobStatus.SUCCEEDED, 3, null));

        MvcResult started = mvc.perform(get("/api/v1/training-jobs/" + OTHER + "/events")
                        .accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(request().asyncStarted())
                .andReturn();
        String stream = mvc.perform(asyncDispatch(started))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM))
                .andReturn().getResponse().getContentAsString();

        assertThat(stream).startsWith("event:end\ndata:{").contains("\"status\":\"SUCCEEDED\"", "\"version\":3");
        assertThat(stream.split("event:", -1)).hasSize(2);
        verify(training, never()).subscribe(anyString(), any(), any());
    }

    @Test
    void eventsOfARunningJobFollowItUntilItEndsThenReleaseTheSubscription() throws Exception {
        when(training.get(JOB_ID)).thenReturn(job(JOB_ID, JobStatus.RUNNING, null, null));
        AutoCloseable subscription = mock(AutoCloseable.class);
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Consumer<TrainingJobView>> listener = ArgumentCaptor.forClass(Consumer.class);
        when(training.subscribe(eq(JOB_ID), listener.capture(), any())).thenReturn(subscription);

        MvcResult started = mvc.perform(get("/api/v1/training-jobs/" + JOB_ID + "/events")
                        .accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(request().asyncStarted())
                .andReturn();
        listener.getValue().accept(job(JOB_ID, JobStatus.RUNNING, null, null));
        verify(subscription, never()).close();
        listener.getValue().accept(job(JOB_ID, JobStatus.SUCCEEDED, 4, null));
        String stream = mvc.perform(asyncDispatch(started))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        String[] events = stream.split("\n\n");
        assertThat(events).extracting(event -> event.substring(0, event.indexOf('\n')))
                .containsExactly("event:progress", "event:progress", "event:end");
        assertThat(events[0]).contains("\"status\":\"RUNNING\"", "\"epoch\":7");
        assertThat(events[2]).contains("\"status\":\"SUCCEEDED\"", "\"version\":4");
        // closed by the listener once the end is sent, and again by the emitter's completion callback
        verify(subscription, atLeastOnce()).close();
    }

    @Test
    void eventsOfAJobThatEndsWhileSubscribingEndAtOnce() throws Exception {
        when(training.get(JOB_ID)).thenReturn(job(JOB_ID, JobStatus.RUNNING, null, null),
                job(JOB_ID, JobStatus.CANCELLED, null, null));
        when(training.subscribe(eq(JOB_ID), any(), any())).thenReturn(mock(AutoCloseable.class));

        MvcResult started = mvc.perform(get("/api/v1/training-jobs/" + JOB_ID + "/events"))
                .andExpect(request().asyncStarted())
                .andReturn();
        String stream = mvc.perform(asyncDispatch(started)).andReturn().getResponse().getContentAsString();

        assertThat(stream).startsWith("event:progress\n").contains("event:end\ndata:{")
                .contains("\"status\":\"CANCELLED\"");
    }

    @Test
    void eventsOfAnUnknownJobAre404() throws Exception {
        when(training.get("job-ffffffffffff")).thenThrow(ForesightException.notFound("No training job"
                + " 'job-ffffffffffff'"));

        mvc.perform(get("/api/v1/training-jobs/job-ffffffffffff/events"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value(containsString("job-ffffffffffff")));
        mvc.perform(get("/api/v1/training-jobs/job-ffffffffffff/events").accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("job-ffffffffffff")));
        verify(training, never()).subscribe(anyString(), any(), any());
    }
}
