// The tour's typed input error: tool output (ps, kubectl, crictl) that does not have the shape the tour reads. The
// command says it in one line and exits 1; never a crash. Pure: no Pulumi import.
export class TourInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "TourInputError";
    }
}
