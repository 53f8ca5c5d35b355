package ai.tao.benchmarks.sql;

import java.util.List;

/**
 * The question kinds of the demo, each with its documentation and production phrasings.
 *
 * <p>Documentation phrasings are full, careful sentences ("List the employees of the sales
 * department with a salary above 7000."); production phrasings are how people type into a chat box
 * ("sales people earning over 7000"). About a quarter of the production phrasings are also
 * documentation phrasings, as some users write the way the docs do.
 *
 * <p>The documentation covers the production vocabulary but not the production sentences: every
 * word of a production phrasing ("headcount", "ppl", "folks", "pay", "top", "#", "&gt;", ...) is
 * used by at least one documentation phrasing, of some intent, in a careful sentence ("Count the
 * people (ppl) who work in the sales department."). A pretrained LLM would know these words; the
 * demo's tiny model, trained from scratch, knows only what the documentation shows it, and a word
 * it never saw is a question no amount of sampling answers. Each intent has five to seven
 * documentation phrasings of varied structure, so that the model learns words, not sentences.
 *
 * <p>The SQL has one style throughout, so that a tiny model has one thing to learn: upper-case
 * keywords, lower-case identifiers, single spaces, no spaces around comparison operators, no
 * trailing semicolon, and a department or city filter always written first and always as
 * {@code dept_id IN (SELECT id FROM dept WHERE name='sales')}.
 */
final class SqlIntents {
  private SqlIntents() {}

  private static final String IN_DEPT = "dept_id IN (SELECT id FROM dept WHERE name='{dept}')";
  private static final String IN_CITY = "dept_id IN (SELECT id FROM dept WHERE city='{city}')";

  static final List<SqlIntent> ALL =
      List.of(
          new SqlIntent(
              "emp_in_dept",
              "SELECT name FROM emp WHERE " + IN_DEPT,
              List.of(
                  "List the employees in the {dept} department.",
                  "Show the names of all employees of the {dept} department.",
                  "Which employees belong to the {dept} department?",
                  "Who works in the {dept} department? Give their names.",
                  "List the staff members of the {dept} team.",
                  "Give the names of the people who work for the {dept} department."),
              List.of(
                  "who works in {dept}?",
                  "{dept} team members",
                  "names of people in {dept}",
                  "Which employees belong to the {dept} department?")),
          new SqlIntent(
              "count_dept",
              "SELECT COUNT(*) FROM emp WHERE " + IN_DEPT,
              List.of(
                  "How many employees work in the {dept} department?",
                  "Count the employees of the {dept} department.",
                  "Give the number of employees in the {dept} department.",
                  "What is the headcount of the {dept} department?",
                  "Count the people (ppl) who work in the {dept} department.",
                  "Report the team size of the {dept} department."),
              List.of(
                  "headcount {dept}",
                  "how many ppl in {dept}",
                  "{dept} team size?",
                  "How many employees work in the {dept} department?")),
          new SqlIntent(
              "avg_salary_dept",
              "SELECT AVG(salary) FROM emp WHERE " + IN_DEPT,
              List.of(
                  "What is the average salary in the {dept} department?",
                  "Compute the mean salary of the employees of the {dept} department.",
                  "Show the avg pay (average salary) of the {dept} department.",
                  "On average, what do the employees of the {dept} department earn?",
                  "Give the average pay of the folks working in the {dept} department.",
                  "How much does an employee of the {dept} department earn on average?"),
              List.of(
                  "avg pay in {dept}",
                  "average salary {dept}?",
                  "what do {dept} folks earn on average",
                  "What is the average salary in the {dept} department?")),
          new SqlIntent(
              "dept_city",
              "SELECT city FROM dept WHERE name='{dept}'",
              List.of(
                  "In which city is the {dept} department located?",
                  "Show the city of the {dept} department.",
                  "Where is the {dept} department based?",
                  "Give the office city of the {dept} department.",
                  "Which city hosts the office of the {dept} department?",
                  "Find the location (city) of the {dept} department."),
              List.of(
                  "where is {dept} based?",
                  "{dept} office city",
                  "which city is {dept} in",
                  "Show the city of the {dept} department.")),
          new SqlIntent(
              "depts_in_city",
              "SELECT name FROM dept WHERE city='{city}'",
              List.of(
                  "List the departments located in {city}.",
                  "Which departments are based in {city}?",
                  "Name the depts (departments) whose office is in {city}.",
                  "Show the teams that sit in the office in {city}.",
                  "Which departments have their office in {city}?",
                  "Give the names of the departments in {city}."),
              List.of(
                  "depts in {city}",
                  "what teams sit in {city}?",
                  "{city} office teams",
                  "Which departments are based in {city}?")),
          new SqlIntent(
              "max_salary_city",
              "SELECT MAX(salary) FROM emp WHERE " + IN_CITY,
              List.of(
                  "What is the highest salary of the employees based in {city}?",
                  "Find the maximum salary among employees in {city}.",
                  "What is the top salary paid to employees in {city}?",
                  "Show the max pay (maximum salary) of the staff in {city}.",
                  "Among the employees based in {city}, which salary is the highest?",
                  "Give the highest pay of anyone working in {city}."),
              List.of(
                  "top salary in {city}",
                  "max pay {city}",
                  "highest salary {city}?",
                  "Find the maximum salary among employees in {city}.")),
          new SqlIntent(
              "total_budget_dept",
              "SELECT SUM(budget) FROM project WHERE " + IN_DEPT,
              List.of(
                  "What is the total budget of the projects of the {dept} department?",
                  "Compute the sum of the project budgets of the {dept} department.",
                  "How much do the projects of the {dept} department cost in total?",
                  "Give the total project budget of the {dept} department.",
                  "Add up the budgets of all projects run by the {dept} department.",
                  "What do the {dept} department projects cost altogether?"),
              List.of(
                  "total {dept} project budget",
                  "how much do {dept} projects cost in total",
                  "{dept} budget sum",
                  "What is the total budget of the projects of the {dept} department?")),
          new SqlIntent(
              "salary_gt_dept",
              "SELECT name FROM emp WHERE " + IN_DEPT + " AND salary>{salary}",
              List.of(
                  "List the employees of the {dept} department with a salary above {salary}.",
                  "Which employees of the {dept} department earn more than {salary}?",
                  "Show the {dept} department employees whose salary exceeds {salary}.",
                  "Who in the {dept} department makes more than {salary}?",
                  "List the people of the {dept} department earning over {salary}.",
                  "Find the {dept} department employees with salary > {salary}."),
              List.of(
                  "{dept} people earning over {salary}",
                  "who in {dept} makes more than {salary}",
                  "{dept} salary > {salary}",
                  "Which employees of the {dept} department earn more than {salary}?")),
          new SqlIntent(
              "salary_lt_dept",
              "SELECT name FROM emp WHERE " + IN_DEPT + " AND salary<{salary}",
              List.of(
                  "List the employees of the {dept} department with a salary below {salary}.",
                  "Which employees of the {dept} department earn less than {salary}?",
                  "Who in the {dept} department earns a salary under {salary}?",
                  "Show the low paid staff of the {dept} department, with a salary below {salary}.",
                  "Find the {dept} department employees with salary < {salary}.",
                  "List the people in the {dept} department who are paid less than {salary}."),
              List.of(
                  "{dept} people under {salary}",
                  "who in {dept} earns less than {salary}",
                  "low paid {dept} staff below {salary}",
                  "Which employees of the {dept} department earn less than {salary}?")),
          new SqlIntent(
              "count_salary_gt_dept",
              "SELECT COUNT(*) FROM emp WHERE " + IN_DEPT + " AND salary>{salary}",
              List.of(
                  "How many employees of the {dept} department earn more than {salary}?",
                  "Count the {dept} department employees with a salary above {salary}.",
                  "Give the number (#) of staff in the {dept} department who make over {salary}.",
                  "How many salaries in the {dept} department are above {salary}?",
                  "Count the people of the {dept} department with salary > {salary}.",
                  "What is the number of {dept} department employees paid more than {salary}?"),
              List.of(
                  "how many in {dept} make over {salary}",
                  "# {dept} staff above {salary}",
                  "count {dept} salaries > {salary}")),
          new SqlIntent(
              "older_city",
              "SELECT name FROM emp WHERE " + IN_CITY + " AND age>{age}",
              List.of(
                  "List the employees in {city} who are older than {age}.",
                  "Which employees based in {city} are over {age} years old?",
                  "Who among the employees in {city} is older than {age}?",
                  "Show the staff based in {city} aged over {age}.",
                  "List the names of people working in {city} with age > {age}.",
                  "Find the {city} employees whose age is above {age}."),
              List.of(
                  "{city} staff over {age}",
                  "who in {city} is older than {age}?",
                  "people in {city} aged over {age}",
                  "Which employees based in {city} are over {age} years old?")),
          new SqlIntent(
              "count_older_city",
              "SELECT COUNT(*) FROM emp WHERE " + IN_CITY + " AND age>{age}",
              List.of(
                  "How many employees in {city} are older than {age}?",
                  "Count the employees based in {city} who are over {age}.",
                  "Give the number of staff in {city} aged over {age}.",
                  "What is the headcount of employees in {city} older than {age}?",
                  "Count the people in {city} with age > {age}.",
                  "How many people based in {city} are more than {age} years old?"),
              List.of(
                  "how many {city} people over {age}",
                  "number of staff in {city} older than {age}",
                  "{city} headcount age > {age}",
                  "How many employees in {city} are older than {age}?")),
          new SqlIntent(
              "hired_after_dept",
              "SELECT name FROM emp WHERE " + IN_DEPT + " AND hired>{year}",
              List.of(
                  "List the employees of the {dept} department hired after {year}.",
                  "Which employees joined the {dept} department after {year}?",
                  "Show the {dept} department hires that started after {year}.",
                  "Who joined the {dept} department after {year}?",
                  "Find the staff of the {dept} department with a hiring year after {year}.",
                  "Give the names of the {dept} department employees hired later than {year}."),
              List.of(
                  "who joined {dept} after {year}",
                  "{dept} hires after {year}",
                  "{dept} staff hired after {year}?",
                  "Which employees joined the {dept} department after {year}?")),
          new SqlIntent(
              "avg_salary_hired_dept",
              "SELECT AVG(salary) FROM emp WHERE " + IN_DEPT + " AND hired>{year}",
              List.of(
                  "What is the average salary of the {dept} department employees hired after {year}?",
                  "Compute the mean salary of employees who joined the {dept} department after {year}.",
                  "Show the avg pay of the {dept} department hires from after {year}.",
                  "On average, what do the people hired by the {dept} department after {year} earn?",
                  "Give the average salary of the {dept} department staff whose hiring year is > {year}."),
              List.of(
                  "avg pay of {dept} hires after {year}",
                  "what do people who joined {dept} after {year} earn on average",
                  "mean salary {dept} hired > {year}")),
          new SqlIntent(
              "name_salary_younger_dept",
              "SELECT name, salary FROM emp WHERE " + IN_DEPT + " AND age<{age}",
              List.of(
                  "List the names and salaries of the {dept} department employees younger than {age}.",
                  "Show name and salary of the employees of the {dept} department under {age} years of age.",
                  "Give the names + salaries of the {dept} department staff aged under {age}.",
                  "Who in the {dept} department is younger than {age}, and what do they earn?",
                  "For each {dept} department employee under age {age}, show the name with their salary.",
                  "Find the names and pay of the people in the {dept} department with age < {age}."),
              List.of(
                  "{dept} folks under {age} with their pay",
                  "names + salaries of {dept} staff younger than {age}",
                  "who in {dept} is under {age} and what do they earn",
                  "List the names and salaries of the {dept} department employees younger than {age}.")),
          new SqlIntent(
              "max_salary_younger_dept",
              "SELECT MAX(salary) FROM emp WHERE " + IN_DEPT + " AND age<{age}",
              List.of(
                  "What is the highest salary among the {dept} department employees younger than {age}?",
                  "Find the maximum salary of employees under {age} in the {dept} department.",
                  "What's the max pay of the {dept} department staff with age < {age}?",
                  "Among the {dept} department employees below the age of {age}, what is the top salary?",
                  "Show the highest pay for people of the {dept} department aged under {age}."),
              List.of(
                  "top pay for {dept} people under {age}",
                  "max salary {dept} age < {age}",
                  "what's the top {dept} salary below age {age}")),
          new SqlIntent(
              "projects_budget_dept",
              "SELECT name FROM project WHERE " + IN_DEPT + " AND budget>{budget}",
              List.of(
                  "List the projects of the {dept} department with a budget above {budget}.",
                  "Which projects of the {dept} department have a budget over {budget}?",
                  "Which big projects of the {dept} department cost more than {budget}?",
                  "Show the {dept} department projects with budget > {budget}.",
                  "Name the projects run by the {dept} department whose budget exceeds {budget}."),
              List.of(
                  "{dept} projects over {budget}",
                  "big {dept} projects, budget > {budget}",
                  "which {dept} projects cost more than {budget}",
                  "Which projects of the {dept} department have a budget over {budget}?")),
          new SqlIntent(
              "projects_budget_city",
              "SELECT name FROM project WHERE " + IN_CITY + " AND budget<{budget}",
              List.of(
                  "List the projects run in {city} with a budget below {budget}.",
                  "Which projects of the departments in {city} have a budget under {budget}?",
                  "Show the cheap projects in {city}, those that cost less than {budget}.",
                  "Find the projects of {city} departments with budget < {budget}.",
                  "Which projects based in {city} have a budget of less than {budget}?"),
              List.of(
                  "cheap {city} projects under {budget}",
                  "{city} projects below {budget}",
                  "which projects in {city} cost less than {budget}",
                  "Which projects of the departments in {city} have a budget under {budget}?")));
}
