#include <fixture.h>

int ext(int);

struct request {
	int id, flags, len, pad[5];
};

/* Only reads two fields: IPA-SRA passes them as scalars (sum_fields.isra.0). */
static noinline int sum_fields(const struct request *rq)
{
	int id = rq->id, len = rq->len;

	return ext(id) + ext(len);
}

int handle(const struct request *rq)
{
	return sum_fields(rq) + 1;
}

int handle_twice(const struct request *rq)
{
	return sum_fields(rq) + sum_fields(rq + 1);
}
