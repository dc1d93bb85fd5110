// Runs SPARQL query files with Apache Jena's ARQ engine (the engine inside Fuseki) over an
// N-Triples file, in one JVM, and writes each answer as SPARQL 1.1 Results JSON beside its
// query (NAME.rq -> NAME.json). Used by tests/jena_helpers.py; started in Java's source-file
// mode (`java -cp JENA_JARS RunQueries.java DATA.nt QUERY.rq...`), so nothing is compiled
// ahead. Written against the API common to Jena 4 and 5.
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.RDFDataMgr;

public class RunQueries {
    public static void main(String[] args) throws Exception {
        Dataset dataset = DatasetFactory.create();
        RDFDataMgr.read(dataset.getDefaultModel(), args[0]);
        for (int i = 1; i < args.length; i++) {
            Path file = Path.of(args[i]);
            String name = file.getFileName().toString().replaceAll("\\.rq$", "");
            Path out = file.resolveSibling(name + ".json");
            Query query = QueryFactory.create(Files.readString(file));
            try (QueryExecution execution = QueryExecutionFactory.create(query, dataset);
                 OutputStream stream = new FileOutputStream(out.toFile())) {
                if (query.isAskType()) {
                    ResultSetFormatter.outputAsJSON(stream, execution.execAsk());
                } else {
                    ResultSetFormatter.outputAsJSON(stream, execution.execSelect());
                }
            }
        }
    }
}
